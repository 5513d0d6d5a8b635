package io.sluice.connectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a path or glob resolved to, sorted by path, at least one.
 *
 * @param pattern the path or glob as written
 * @param files the files
 */
public record FileSet(String pattern, List<Path> files) {
  /**
   * @param pattern the path or glob as written
   * @param files the files, at least one
   */
  public FileSet {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a file set holds at least one file");
    }
  }

  /**
   * @return the total size of the files in bytes
   */
  public long totalBytes() {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        // Gone meanwhile: reading it will say so.
      }
    }
    return total;
  }
}
