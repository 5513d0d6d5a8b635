package io.sluice.connectors.internal;

import com.github.luben.zstd.ZstdInputStream;
import io.sluice.connectors.ConnectorException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Opens text files for reading: gzip and zstd compression recognized by their magic bytes, a UTF-8
 * byte order mark skipped, and UTF-8 decoded strictly (a malformed sequence is an error, never a
 * silent U+FFFD). Counts the bytes read from disk, for progress.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * @param file the file
   * @param counter receives the bytes read from the file (before decompression)
   * @return its text, decoded strictly as UTF-8
   * @throws ConnectorException if it cannot be opened
   */
  public static Reader text(Path file, AtomicLong counter) {
    return text(bytes(Input.of(file), counter));
  }

  /**
   * @param in bytes, as {@link #bytes} opens them
   * @return their text, decoded strictly as UTF-8
   */
  public static Reader text(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /**
   * @param file the file
   * @param counter receives the bytes read from the file (before decompression)
   * @return its bytes, decompressed, without a UTF-8 byte order mark
   * @throws ConnectorException if it cannot be opened
   */
  public static BufferedInputStream bytes(Path file, AtomicLong counter) {
    return bytes(Input.of(file), counter);
  }

  /**
   * @param input a file or stream
   * @param counter receives the bytes read from it (before decompression)
   * @return its bytes, decompressed, without a UTF-8 byte order mark; {@code mark} works, so a
   *     reader can look ahead
   * @throws ConnectorException if it cannot be opened
   */
  public static BufferedInputStream bytes(Input input, AtomicLong counter) {
    try {
      InputStream raw = new Counting(input.open(), counter);
      BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
      if (!input.whole()) {
        return buffered; // a range of an uncompressed file, past its start
      }
      buffered.mark(4);
      byte[] magic = buffered.readNBytes(4);
      buffered.reset();
      BufferedInputStream in = buffered;
      if (isGzip(magic)) {
        in = new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
      } else if (isZstd(magic)) {
        in = new BufferedInputStream(new ZstdInputStream(buffered), 1 << 16);
      }
      in.mark(3);
      byte[] bom = in.readNBytes(3);
      if (!(bom.length == 3
          && (bom[0] & 0xFF) == 0xEF
          && (bom[1] & 0xFF) == 0xBB
          && (bom[2] & 0xFF) == 0xBF)) {
        in.reset();
      }
      return in;
    } catch (IOException e) {
      throw new ConnectorException("cannot read '" + input.name() + "': " + e.getMessage(), e);
    }
  }

  /**
   * @param file a file
   * @return whether it starts as a gzip or zstd stream does
   */
  static boolean isCompressed(Path file) {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return isGzip(magic) || isZstd(magic);
    } catch (IOException e) {
      return true; // let the single reader report it
    }
  }

  private static boolean isGzip(byte[] magic) {
    return magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
  }

  private static boolean isZstd(byte[] magic) {
    return magic.length == 4
        && (magic[0] & 0xFF) == 0x28
        && (magic[1] & 0xFF) == 0xB5
        && (magic[2] & 0xFF) == 0x2F
        && (magic[3] & 0xFF) == 0xFD;
  }

  /** Adds the bytes read to a counter. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong counter;

    Counting(InputStream in, AtomicLong counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counter.addAndGet(n);
      }
      return n;
    }
  }
}
