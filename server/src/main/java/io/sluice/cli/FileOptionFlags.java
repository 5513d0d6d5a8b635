package io.sluice.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The file options {@code load} and {@code export} share, as flags; they become the {@code name =
 * value} options of {@code COPY} ({@link io.sluice.connectors.FileOptions}), which checks them.
 */
final class FileOptionFlags {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "csv, parquet, json (newline-delimited) or arrow (default: from the extension).")
  String format;

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "CSV field delimiter, one character or \\t (default: sniffed when reading, ,).")
  String delimiter;

  @Option(names = "--no-header", description = "CSV without a line of column names.")
  boolean noHeader;

  @Option(
      names = "--null",
      paramLabel = "TEXT",
      description = "The CSV text of a NULL (default: the empty field).")
  String nullText;

  @Option(
      names = "--timestamp-format",
      paramLabel = "PATTERN",
      description =
          "How CSV and JSON timestamps are written, as a strftime pattern (default: ISO 8601).")
  String timestampFormat;

  @Option(
      names = "--date-format",
      paramLabel = "PATTERN",
      description =
          "How CSV and JSON dates are written, as a strftime pattern (default: ISO 8601).")
  String dateFormat;

  /**
   * @return the options given, by their COPY names
   */
  Map<String, String> toMap() {
    Map<String, String> options = new LinkedHashMap<>();
    put(options, "format", format);
    put(options, "delimiter", delimiter);
    if (noHeader) {
      options.put("header", "false");
    }
    put(options, "null", nullText);
    put(options, "timestamp_format", timestampFormat);
    put(options, "date_format", dateFormat);
    return options;
  }

  static void put(Map<String, String> options, String name, String value) {
    if (value != null) {
      options.put(name, value);
    }
  }
}
