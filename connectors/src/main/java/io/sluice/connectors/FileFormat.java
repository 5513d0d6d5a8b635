package io.sluice.connectors;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats Sluice reads and writes. */
public enum FileFormat {
  /** Comma (or other delimiter) separated values, RFC 4180 quoting, UTF-8. */
  CSV("csv"),
  /** Apache Parquet. */
  PARQUET("parquet"),
  /** Newline-delimited JSON: one object per line (a top-level array of objects is read too). */
  JSON("json"),
  /** Apache Arrow IPC, file or stream format (Feather v2 is the file format). */
  ARROW("arrow");

  private final String optionName;

  FileFormat(String optionName) {
    this.optionName = optionName;
  }

  /**
   * @return the name the {@code format} option uses
   */
  public String optionName() {
    return optionName;
  }

  /**
   * @param name a format name, any case; {@code ndjson}, {@code jsonl}, {@code ipc} and {@code
   *     feather} are accepted too
   * @return the format, if the name is one
   */
  public static Optional<FileFormat> named(String name) {
    switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "csv":
      case "tsv":
        return Optional.of(CSV);
      case "parquet":
        return Optional.of(PARQUET);
      case "json":
      case "ndjson":
      case "jsonl":
        return Optional.of(JSON);
      case "arrow":
      case "ipc":
      case "feather":
        return Optional.of(ARROW);
      default:
        return Optional.empty();
    }
  }

  /**
   * Guesses a file's format from its name, ignoring a compression suffix ({@code .gz}, {@code
   * .zst}).
   *
   * @param file a file
   * @return its format, if the extension names one
   */
  public static Optional<FileFormat> ofName(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    name = name.toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {".gz", ".gzip", ".zst", ".zstd"}) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String extension = name.substring(dot + 1);
    if (extension.equals("pq") || extension.equals("parq")) {
      return Optional.of(PARQUET);
    }
    return named(extension);
  }
}
