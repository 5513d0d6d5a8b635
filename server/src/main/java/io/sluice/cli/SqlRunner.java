package io.sluice.cli;

import io.sluice.sql.SluiceDriver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/** Runs statements on a Sluice connection and prints their results; shared by sql and shell. */
final class SqlRunner implements AutoCloseable {
  private final Connection connection;
  private final ResultFormat format;
  private final PrintWriter out;

  /**
   * @param data the data directory
   * @param format how to print results
   * @param out where to print them
   * @throws SQLException if the store cannot be opened
   */
  SqlRunner(java.nio.file.Path data, ResultFormat format, PrintWriter out) throws SQLException {
    this(data, null, null, format, out);
  }

  /**
   * @param data the data directory
   * @param modules where relative module paths of CREATE FUNCTION resolve, or null for the working
   *     directory
   * @param files where relative file paths of COPY and read_* resolve, or null for the working
   *     directory
   * @param format how to print results
   * @param out where to print them
   * @throws SQLException if the store cannot be opened
   */
  SqlRunner(
      java.nio.file.Path data,
      java.nio.file.Path modules,
      java.nio.file.Path files,
      ResultFormat format,
      PrintWriter out)
      throws SQLException {
    this.connection =
        DriverManager.getConnection(
            "jdbc:sluice:"
                + data.toAbsolutePath()
                + (modules == null ? "" : ";modules=" + modules.toAbsolutePath())
                + (files == null ? "" : ";files=" + files.toAbsolutePath()));
    this.format = format;
    this.out = out;
  }

  /**
   * Runs one statement and prints its result (rows, or how many rows it changed).
   *
   * @param sql the statement
   * @param timing whether to print how long it took (table format only)
   * @throws SQLException if it fails
   */
  void run(String sql, boolean timing) throws SQLException {
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      boolean hasRows = statement.execute(sql);
      double millis = (System.nanoTime() - start) / 1e6;
      if (hasRows) {
        long rows = format.print(statement.getResultSet(), out);
        millis = (System.nanoTime() - start) / 1e6;
        if (format == ResultFormat.TABLE) {
          out.printf(
              Locale.ROOT,
              "(%d row%s%s)%n",
              rows,
              rows == 1 ? "" : "s",
              timing ? String.format(Locale.ROOT, ", %.1f ms", millis) : "");
        }
      } else {
        long updated = isDefinition(sql) ? -1 : statement.getLargeUpdateCount();
        if (format == ResultFormat.JSON) {
          out.println("{\"updated\": " + Math.max(0, updated) + "}");
        } else if (format == ResultFormat.TABLE) {
          out.printf(
              Locale.ROOT,
              updated >= 0 ? "OK, %d row%s%s%n" : "OK%3$s%n",
              updated,
              updated == 1 ? "" : "s",
              timing ? String.format(Locale.ROOT, " (%.1f ms)", millis) : "");
        }
      }
      printNotices();
      out.flush();
    }
  }

  /**
   * Prints what the statement wanted the user to know (rows a COPY skipped, say) in the table
   * format; CSV and JSON output stays data only (notices are in the log at WARN as well).
   */
  private void printNotices() {
    List<String> notices = SluiceDriver.takeNotices();
    if (format == ResultFormat.TABLE) {
      for (String notice : notices) {
        out.println("NOTICE: " + notice);
      }
    }
  }

  /** Whether a statement defines or drops something (it changes no rows, so none are counted). */
  private static boolean isDefinition(String sql) {
    String word = sql.stripLeading().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return word.equals("CREATE") || word.equals("DROP");
  }

  /**
   * @param e a failure of a statement
   * @return its message without the JDBC driver's repetition of the statement
   */
  static String message(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.startsWith("Error while executing SQL \"")) {
      int end = message.indexOf("\": ");
      if (end > 0) {
        message = message.substring(end + 3);
      }
    }
    return message.strip();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
