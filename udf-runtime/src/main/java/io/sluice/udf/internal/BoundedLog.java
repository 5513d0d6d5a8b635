package io.sluice.udf.internal;

import java.nio.charset.StandardCharsets;

/**
 * The captured output of one instance: the guest's {@code log} calls and what it writes to WASI
 * stdout and stderr, of which the newest {@code capacity} bytes are kept. Its tail is attached to
 * the error of a failing call; it never reaches the host's own output.
 *
 * <p>Used by one thread at a time, like the instance that owns it.
 */
public final class BoundedLog {

  private final byte[] ring;
  private long written;

  /**
   * @param capacity how many of the newest bytes to keep
   */
  public BoundedLog(int capacity) {
    this.ring = new byte[capacity];
  }

  /**
   * Appends bytes, dropping the oldest ones once the buffer is full.
   *
   * @param bytes source
   * @param offset first byte to append
   * @param length how many bytes
   */
  public void append(byte[] bytes, int offset, int length) {
    if (length >= ring.length) {
      // Only the last capacity bytes can survive; copy just those.
      offset += length - ring.length;
      written += length - ring.length;
      length = ring.length;
    }
    int at = (int) (written % ring.length);
    int first = Math.min(length, ring.length - at);
    System.arraycopy(bytes, offset, ring, at, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    written += length;
  }

  /**
   * @return whether nothing has been appended since creation or the last {@link #clear()}
   */
  public boolean isEmpty() {
    return written == 0;
  }

  /**
   * @return the kept bytes as text, oldest first; invalid UTF-8 (and a character cut in half at the
   *     start) is replaced, and a leading "..." says older bytes were dropped
   */
  public String tail() {
    int size = (int) Math.min(written, ring.length);
    byte[] bytes = new byte[size];
    int start = (int) ((written - size) % ring.length);
    int first = Math.min(size, ring.length - start);
    System.arraycopy(ring, start, bytes, 0, first);
    System.arraycopy(ring, 0, bytes, first, size - first);
    int skip = 0;
    if (written > ring.length) {
      // Skip UTF-8 continuation bytes of a character whose start was dropped.
      while (skip < bytes.length && skip < 3 && (bytes[skip] & 0xC0) == 0x80) {
        skip++;
      }
    }
    String text = new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8);
    return written > ring.length ? "..." + text : text;
  }

  /** Forgets everything: a reused instance starts each query with an empty log. */
  public void clear() {
    written = 0;
  }
}
