package io.sluice.wasidata;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A bounded per-instance log of what the guest wrote: {@code sluice_v1.log} calls and, fed by the
 * runtime, WASI stdout and stderr. It keeps the newest bytes and drops the oldest, so a chatty
 * guest cannot grow host memory; its tail is attached to errors and never reaches the host's own
 * output. Thread-safe: the runtime may read it while a call runs.
 */
public final class GuestLog {
  /** The default capacity, 64 KiB. */
  public static final int DEFAULT_CAPACITY = 64 * 1024;

  private final byte[] ring;
  private long written;

  /** A log of {@link #DEFAULT_CAPACITY} bytes. */
  public GuestLog() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * @param capacity how many of the newest bytes to keep
   */
  public GuestLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("a log must hold at least one byte, not " + capacity);
    }
    this.ring = new byte[capacity];
  }

  /**
   * Appends bytes; when more arrive than fit, only the newest are kept.
   *
   * @param bytes the source
   * @param offset where the bytes start in {@code bytes}
   * @param length how many
   */
  public synchronized void append(byte[] bytes, int offset, int length) {
    int skip = Math.max(0, length - ring.length);
    for (int i = skip; i < length; ) {
      int at = (int) ((written + i) % ring.length);
      int chunk = Math.min(length - i, ring.length - at);
      System.arraycopy(bytes, offset + i, ring, at, chunk);
      i += chunk;
    }
    written += length;
  }

  /**
   * @return how many of the newest bytes this log keeps
   */
  public int capacity() {
    return ring.length;
  }

  /**
   * @return bytes appended since creation or the last {@link #clear()}, dropped ones included
   */
  public synchronized long bytesWritten() {
    return written;
  }

  /**
   * @return bytes appended but no longer kept
   */
  public synchronized long bytesDropped() {
    return Math.max(0, written - ring.length);
  }

  /**
   * The newest text, decoded as UTF-8 (invalid bytes replaced); a character cut by the limit is
   * dropped rather than shown broken.
   *
   * @param maxBytes the most bytes to return
   * @return the tail, possibly empty
   */
  public synchronized String tail(int maxBytes) {
    int kept = (int) Math.min(written, ring.length);
    int length = Math.min(kept, Math.max(0, maxBytes));
    byte[] out = new byte[length];
    long start = written - length;
    for (int i = 0; i < length; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    int from = 0;
    while (from < length && from < 3 && (out[from] & 0xC0) == 0x80) {
      from++; // skip the continuation bytes of a character whose start was dropped
    }
    return new String(out, from, length - from, StandardCharsets.UTF_8);
  }

  /** Forgets everything, e.g. when an instance is reset between queries. */
  public synchronized void clear() {
    written = 0;
  }

  /**
   * @return a stream that appends to this log, for WASI stdout and stderr
   */
  public OutputStream asOutputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        append(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        append(b, off, len);
      }
    };
  }
}
