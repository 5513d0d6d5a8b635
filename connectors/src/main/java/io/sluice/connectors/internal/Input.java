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
