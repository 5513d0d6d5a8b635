package io.sluice.server.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client is told about a failed statement: the engine's message without the JDBC layer's
 * repetition of the statement, the line and column it names (when it names one), and whether the
 * statement itself was at fault or the server was. Nothing else (no stack trace, no class names)
 * leaves the server.
 *
 * @param message the message for the client
 * @param line the 1-based line the message points at, or 0
 * @param column the 1-based column the message points at, or 0
 * @param userError true if the statement is wrong (bad SQL, a UDF trap), false for a server fault
 */
public record SqlFailure(String message, int line, int column, boolean userError) {
  private static final Pattern POSITION =
      Pattern.compile("(?i)(?:at |from )line (\\d+), column (\\d+)");

  /** The message an internal fault is reported with; its details stay in the server's log. */
  public static final String INTERNAL = "internal error; the server's log has the details";

  /**
   * @param e a failure of a statement
   * @param sql the statement, so its repetition in the message can be cut
   * @return what to tell the client about it
   */
  public static SqlFailure of(SQLException e, String sql) {
    if (isInternal(e)) {
      return new SqlFailure(INTERNAL, 0, 0, false);
    }
    Throwable cause = e;
    // Calcite wraps the error that says what is wrong ("Error while preparing statement [...]").
    while (cause.getCause() != null
        && cause.getCause() != cause
        && (cause.getMessage() == null
            || cause.getMessage().startsWith("Error while preparing statement")
            || (cause.getMessage().startsWith("Error while executing SQL")
                && cause.getMessage().contains("Error while preparing statement")))) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "the statement failed" : cause.getMessage();
    String repeated = "Error while executing SQL \"" + sql + "\": ";
    if (message.startsWith(repeated)) {
      message = message.substring(repeated.length());
    } else if (message.startsWith("Error while executing SQL \"")) {
      int end = message.indexOf("\": ");
      message = end > 0 ? message.substring(end + 3) : message;
    }
    message = message.strip();
    int line = 0;
    int column = 0;
    Matcher matcher = POSITION.matcher(message);
    if (matcher.find()) {
      line = Integer.parseInt(matcher.group(1));
      column = Integer.parseInt(matcher.group(2));
    }
    String state = e.getSQLState();
    // SQLSTATE class 08 (connection) and 57/58 (resources, system) are the server's fault.
    boolean server =
        state != null
            && (state.startsWith("08") || state.startsWith("57") || state.startsWith("58"));
    return new SqlFailure(message, line, column, !server);
  }

  /**
   * Wraps what the engine threw other than a {@link SQLException} (Calcite throws {@link
   * AssertionError} for some statements it does not support, a deep expression may overflow the
   * stack), so callers handle every failure of a statement in one place and the server serves on.
   *
   * @param e the failure
   * @return a SQL exception carrying it, with its message
   */
  public static SQLException wrap(Throwable e) {
    return new SQLException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }

  /**
   * Whether a failure is a bug rather than something the statement caused: a Java runtime fault
   * somewhere in its causes and no statement error (validation, parse, DDL check) above it.
   */
  static boolean isInternal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("org.apache.calcite.runtime.CalciteContextException")
          || name.startsWith("org.apache.calcite.sql.parser.SqlParseException")
          || name.startsWith("io.sluice.")) {
        return false;
      }
      if (t instanceof NullPointerException
          || t instanceof ClassCastException
          || t instanceof IndexOutOfBoundsException
          || t instanceof IllegalStateException
          || t instanceof UnsupportedOperationException
          || t instanceof Error) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
