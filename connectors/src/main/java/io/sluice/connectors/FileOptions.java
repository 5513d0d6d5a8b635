package io.sluice.connectors;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of reading or writing files, validated: unknown names and bad values are refused with
 * the list of what is allowed. Built from the {@code name = value} pairs a statement or command
 * line gives; names are case-insensitive.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>values</th><th>default</th></tr>
 *   <tr><td>format</td><td>csv, parquet, json, arrow</td><td>from the file extension</td></tr>
 *   <tr><td>header</td><td>true, false (CSV)</td><td>true</td></tr>
 *   <tr><td>delimiter</td><td>one character, or {@code \t} (CSV)</td><td>sniffed when reading,
 *       {@code ,} when writing</td></tr>
 *   <tr><td>quote</td><td>one character (CSV)</td><td>{@code "}</td></tr>
 *   <tr><td>null</td><td>the text of a NULL (CSV)</td><td>the empty string</td></tr>
 *   <tr><td>timestamp_format, date_format</td><td>a strftime pattern such as {@code %d/%m/%Y
 *       %H:%M:%S} (CSV, JSON)</td><td>ISO 8601</td></tr>
 *   <tr><td>on_error</td><td>abort, skip</td><td>abort</td></tr>
 *   <tr><td>compression</td><td>none, gzip, zstd (CSV, JSON); none, lz4, zstd (Arrow)</td>
 *       <td>from the extension ({@code .gz}, {@code .zst}), else none</td></tr>
 * </table>
 */
public final class FileOptions {

  /** What to do with a row that cannot be read. */
  public enum OnError {
    /** Fail the whole statement, naming the row; nothing is loaded. */
    ABORT,
    /** Leave the row out, count it, and keep its reason for the report. */
    SKIP
  }

  /** How a written file is compressed. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD,
    LZ4
  }

  private static final Set<String> NAMES =
      Set.of(
          "format",
          "header",
          "delimiter",
          "quote",
          "escape",
          "null",
          "timestamp_format",
          "date_format",
          "on_error",
          "compression");

  private final FileFormat format;
  private final Boolean header;
  private final Character delimiter;
  private final char quote;
  private final Character escape;
  private final String nullText;
  private final DateTimeFormatter timestampFormat;
  private final String timestampPattern;
  private final DateTimeFormatter dateFormat;
  private final String datePattern;
  private final OnError onError;
  private final Compression compression;
  private final Map<String, String> given;

  private FileOptions(Map<String, String> given) {
    this.given = given;
    String formatName = given.get("format");
    this.format =
        formatName == null
            ? null
            : FileFormat.named(formatName)
                .orElseThrow(
                    () ->
                        bad(
                            "format",
                            formatName,
                            "one of csv, parquet, json (newline-delimited), arrow"));
    this.header = given.containsKey("header") ? bool("header", given.get("header")) : null;
    this.delimiter =
        given.containsKey("delimiter") ? character("delimiter", given.get("delimiter")) : null;
    this.quote = given.containsKey("quote") ? character("quote", given.get("quote")) : '"';
    this.escape = given.containsKey("escape") ? character("escape", given.get("escape")) : null;
    if (escape != null && escape != quote) {
      throw bad(
          "escape",
          given.get("escape"),
          "the quote character: a quote inside a quoted field is written twice (RFC 4180)");
    }
    this.nullText = given.getOrDefault("null", "");
    this.timestampPattern = given.get("timestamp_format");
    this.timestampFormat =
        timestampPattern == null ? null : Strftime.formatter("timestamp_format", timestampPattern);
    this.datePattern = given.get("date_format");
    this.dateFormat = datePattern == null ? null : Strftime.formatter("date_format", datePattern);
    String error = given.get("on_error");
    if (error == null) {
      this.onError = OnError.ABORT;
    } else {
      switch (error.strip().toLowerCase(Locale.ROOT)) {
        case "abort":
          this.onError = OnError.ABORT;
          break;
        case "skip":
        case "ignore":
          this.onError = OnError.SKIP;
          break;
        default:
          throw bad("on_error", error, "abort or skip");
      }
    }
    String codec = given.get("compression");
    if (codec == null) {
      this.compression = null;
    } else {
      switch (codec.strip().toLowerCase(Locale.ROOT)) {
        case "none":
        case "uncompressed":
          this.compression = Compression.NONE;
          break;
        case "gzip":
        case "gz":
          this.compression = Compression.GZIP;
          break;
        case "zstd":
        case "zst":
          this.compression = Compression.ZSTD;
          break;
        case "lz4":
          this.compression = Compression.LZ4;
          break;
        default:
          throw bad("compression", codec, "none, gzip, zstd or lz4");
      }
    }
  }

  /**
   * @param options option names and values as written; names are case-insensitive
   * @return the validated options
   * @throws ConnectorException naming an unknown option or a bad value, with what is allowed
   */
  public static FileOptions of(Map<String, String> options) {
    Map<String, String> given = new LinkedHashMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey().strip().toLowerCase(Locale.ROOT);
      if (!NAMES.contains(name)) {
        List<String> known = new ArrayList<>(NAMES);
        known.sort(null);
        throw new ConnectorException(
            "unknown file option '" + option.getKey() + "'; the options are " + known);
      }
      if (option.getValue() == null) {
        throw new ConnectorException("file option '" + name + "' needs a value");
      }
      given.put(name, option.getValue());
    }
    return new FileOptions(given);
  }

  /**
   * @return no options: every default
   */
  public static FileOptions defaults() {
    return of(Map.of());
  }

  /**
   * @return the options as given, names lower-cased
   */
  public Map<String, String> given() {
    return Map.copyOf(given);
  }

  /**
   * @return the format asked for, or null to take it from the file name
   */
  public FileFormat format() {
    return format;
  }

  /**
   * @param file the file read or written
   * @return the format asked for, else the one its name says
   * @throws ConnectorException if neither says
   */
  public FileFormat formatOf(java.nio.file.Path file) {
    if (format != null) {
      return format;
    }
    return FileFormat.ofName(file)
        .orElseThrow(
            () ->
                new ConnectorException(
                    "cannot tell the format of '"
                        + file.getFileName()
                        + "' from its name; say it with format = 'csv' (or parquet, json,"
                        + " arrow)"));
  }

  /**
   * @return whether a CSV file starts with a line of column names, or null if not said
   */
  public Boolean header() {
    return header;
  }

  /**
   * @return the CSV delimiter, or null if not said
   */
  public Character delimiter() {
    return delimiter;
  }

  /**
   * @return the CSV quote character
   */
  public char quote() {
    return quote;
  }

  /**
   * @return the text that stands for NULL in CSV
   */
  public String nullText() {
    return nullText;
  }

  /**
   * @return how timestamps are written in text, or null for ISO 8601
   */
  public DateTimeFormatter timestampFormat() {
    return timestampFormat;
  }

  /**
   * @return the strftime pattern of timestamps, or null
   */
  public String timestampPattern() {
    return timestampPattern;
  }

  /**
   * @return how dates are written in text, or null for ISO 8601
   */
  public DateTimeFormatter dateFormat() {
    return dateFormat;
  }

  /**
   * @return the strftime pattern of dates, or null
   */
  public String datePattern() {
    return datePattern;
  }

  /**
   * @return what to do with a row that cannot be read
   */
  public OnError onError() {
    return onError;
  }

  /**
   * @return the compression asked for, or null to take it from the file name
   */
  public Compression compression() {
    return compression;
  }

  /**
   * Checks that every option given applies to a format and direction, so that, say, {@code
   * delimiter} on a Parquet file is an error rather than silently ignored.
   *
   * @param format the format
   * @param writing true when writing, false when reading
   * @throws ConnectorException naming the first option that does not apply
   */
  public void checkApplies(FileFormat format, boolean writing) {
    for (String name : given.keySet()) {
      boolean applies;
      switch (name) {
        case "format":
          applies = true;
          break;
        case "header":
        case "delimiter":
        case "quote":
        case "escape":
        case "null":
          applies = format == FileFormat.CSV;
          break;
        case "timestamp_format":
        case "date_format":
          applies = format == FileFormat.CSV || format == FileFormat.JSON;
          break;
        case "on_error":
          applies = !writing;
          break;
        case "compression":
          applies = writing || format == FileFormat.CSV || format == FileFormat.JSON;
          break;
        default:
          applies = false;
      }
      if (!applies) {
        throw new ConnectorException(
            "file option '"
                + name
                + "' does not apply to "
                + (writing ? "writing " : "reading ")
                + format.optionName()
                + " files");
      }
    }
    if (compression != null) {
      boolean ok =
          switch (format) {
            case CSV, JSON -> compression != Compression.LZ4;
            case ARROW -> compression != Compression.GZIP;
            case PARQUET -> compression == Compression.NONE;
          };
      if (!ok) {
        String allowed =
            switch (format) {
              case CSV, JSON -> "none, gzip or zstd";
              case ARROW -> "none, lz4 or zstd";
              case PARQUET ->
                  "none (Parquet files are written by Arrow's dataset writer, whose Java"
                      + " binding takes no compression setting)";
            };
        throw new ConnectorException(
            "compression '"
                + compression.name().toLowerCase(Locale.ROOT)
                + "' is not available for "
                + format.optionName()
                + " files; use "
                + allowed);
      }
    }
  }

  private static ConnectorException bad(String name, String value, String allowed) {
    return new ConnectorException(
        "file option " + name + " = '" + value + "' is invalid; use " + allowed);
  }

  private static boolean bool(String name, String value) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw bad(name, value, "true or false");
    }
  }

  private static char character(String name, String value) {
    if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (value.length() != 1 || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
      throw bad(name, value, "one character (\\t for a tab), not a line break");
    }
    return value.charAt(0);
  }

  @Override
  public String toString() {
    return given.toString();
  }
}
