package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a text reader's bytes come from: a file, or a stream read once (an HTTP request body). */
public abstract class Input {
  private Input() {}

  /**
   * @return the name errors use: the file's name, or what the stream is
   */
  public abstract String name();

  /**
   * @return the size in bytes, or -1 when not known
   */
  public abstract long size();

  /**
   * @return the raw bytes; a stream input opens once
   * @throws IOException if they cannot be opened
   */
  abstract InputStream open() throws IOException;

  /**
   * @param file a file
   * @return it as an input
   */
  public static Input of(Path file) {
    return new Input() {
      @Override
      public String name() {
        return file.getFileName().toString();
      }

      @Override
      public long size() {
        return file.toFile().length();
      }

      @Override
      InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /**
   * @return whether the bytes are a whole file or stream (compression and a byte order mark are
   *     recognized at its start), not a range of one
   */
  boolean whole() {
    return true;
  }

  /**
   * @param file a file, uncompressed
   * @param start the first byte of the range
   * @param end the byte after its last
   * @return the range as an input, named as the file
   */
  static Input range(Path file, long start, long end) {
    return new Input() {
      @Override
      public String name() {
        return file.getFileName().toString();
      }

      @Override
      public long size() {
        return end - start;
      }

      @Override
      boolean whole() {
        return false;
      }

      @Override
      InputStream open() throws IOException {
        java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
        channel.position(start);
        InputStream in = java.nio.channels.Channels.newInputStream(channel);
        return new java.io.FilterInputStream(in) {
          private long left = end - start;

          @Override
          public int read() throws IOException {
            if (left <= 0) {
              return -1;
            }
            int b = super.read();
            if (b >= 0) {
              left--;
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
              return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
              left -= n;
            }
            return n;
          }
        };
      }
    };
  }

  /**
   * @param name what the stream is, for errors
   * @param stream the bytes, read once
   * @return the stream as an input
   */
  public static Input of(String name, InputStream stream) {
    return new Input() {
      private boolean opened;

      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      InputStream open() {
        if (opened) {
          throw new ConnectorException(name + " can be read only once");
        }
        opened = true;
        return stream;
      }
    };
  }

  /**
   * @param inputs some inputs
   * @return their sizes added, those of unknown size counted as 0
   */
  static long totalSize(List<Input> inputs) {
    long total = 0;
    for (Input input : inputs) {
      total += Math.max(0, input.size());
    }
    return total;
  }
}
