package io.sluice.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How {@code sluice sql} and {@code sluice shell} print a result set. */
enum ResultFormat {
  /** Aligned columns with a header and a row count, for people. */
  TABLE,
  /** RFC 4180 CSV with a header line, for scripts and spreadsheets. */
  CSV,
  /** One JSON array of objects per result, for programs. */
  JSON;

  /** Longest cell printed by the table format; longer values are cut with an ellipsis. */
  static final int MAX_CELL = 80;

  /**
   * Prints every row of a result set.
   *
   * @param results the rows
   * @param out where to print
   * @return how many rows were printed
   * @throws SQLException if reading the rows fails
   */
  long print(ResultSet results, PrintWriter out) throws SQLException {
    ResultSetMetaData meta = results.getMetaData();
    int columns = meta.getColumnCount();
    List<String> names = new ArrayList<>();
    for (int c = 1; c <= columns; c++) {
      names.add(meta.getColumnLabel(c));
    }
    switch (this) {
      case CSV:
        return printCsv(results, names, out);
      case JSON:
        return printJson(results, names, out);
      default:
        return printTable(results, names, out);
    }
  }

  private static long printTable(ResultSet results, List<String> names, PrintWriter out)
      throws SQLException {
    List<String[]> rows = new ArrayList<>();
    int[] widths = new int[names.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = names.get(c).length();
    }
    // A single column (a plan, a report) is printed whole, line breaks included.
    boolean whole = widths.length == 1;
    while (results.next()) {
      String[] row = new String[widths.length];
      for (int c = 0; c < widths.length; c++) {
        String text = text(results.getObject(c + 1));
        if (text == null) {
          text = "NULL";
        } else if (!whole) {
          text = text.replace('\n', ' ');
          if (text.length() > MAX_CELL) {
            text = text.substring(0, MAX_CELL - 1) + "…";
          }
        }
        row[c] = text;
        for (String line : text.split("\n")) {
          widths[c] = Math.max(widths[c], line.length());
        }
      }
      rows.add(row);
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      header.append(c == 0 ? " " : " | ").append(pad(names.get(c), widths[c], false));
      rule.append(c == 0 ? "-" : "-+-").append("-".repeat(widths[c]));
    }
    out.println(header);
    out.println(rule.append('-'));
    for (String[] row : rows) {
      if (whole) {
        for (String line : row[0].split("\n")) {
          out.println(" " + line);
        }
        continue;
      }
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        line.append(c == 0 ? " " : " | ").append(pad(row[c], widths[c], numeric(row[c])));
      }
      out.println(line);
    }
    return rows.size();
  }

  private static boolean numeric(String text) {
    return !text.isEmpty()
        && (Character.isDigit(text.charAt(text.length() - 1)))
        && text.chars()
            .allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == '-' || ch == 'E');
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(width - text.length());
    return right ? spaces + text : text + spaces;
  }

  private static long printCsv(ResultSet results, List<String> names, PrintWriter out)
      throws SQLException {
    out.println(String.join(",", names.stream().map(ResultFormat::csv).toList()));
    long count = 0;
    while (results.next()) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < names.size(); c++) {
        String text = text(results.getObject(c + 1));
        line.append(c == 0 ? "" : ",").append(text == null ? "" : csv(text));
      }
      out.println(line);
      count++;
    }
    return count;
  }

  private static String csv(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  private static long printJson(ResultSet results, List<String> names, PrintWriter out)
      throws SQLException {
    out.print('[');
    long count = 0;
    while (results.next()) {
      out.print(count == 0 ? "\n  {" : ",\n  {");
      for (int c = 0; c < names.size(); c++) {
        out.print(c == 0 ? "" : ", ");
        out.print(jsonString(names.get(c)));
        out.print(": ");
        out.print(json(results.getObject(c + 1)));
      }
      out.print('}');
      count++;
    }
    out.println(count == 0 ? "]" : "\n]");
    return count;
  }

  private static String json(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return jsonString(d.toString());
    }
    if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return jsonString(f.toString());
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return jsonString(text(value));
  }

  static String jsonString(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
      }
    }
    return b.append('"').toString();
  }

  /** The text of a value: ISO dates and times, hex for bytes, plain decimals. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      StringBuilder hex = new StringBuilder();
      for (byte b : bytes) {
        hex.append(String.format(Locale.ROOT, "%02x", b));
      }
      return hex.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString().replace('T', ' ');
    }
    return value.toString();
  }
}
