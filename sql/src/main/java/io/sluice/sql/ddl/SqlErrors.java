package io.sluice.sql.ddl;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Errors about a statement that point at where in it the problem is, worded like Calcite's own
 * validation errors ("From line 1, column 14 to line 1, column 19: ...").
 */
public final class SqlErrors {
  private SqlErrors() {}

  /** What is wrong with a statement, in words for its author. */
  public static final class StatementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StatementException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @param node the part of the statement that is wrong
   * @param message what is wrong
   * @return an exception to throw
   */
  public static CalciteContextException at(SqlNode node, String message) {
    return at(node.getParserPosition(), message, null);
  }

  /**
   * @param pos where in the statement
   * @param message what is wrong
   * @param cause the underlying failure, or null
   * @return an exception to throw
   */
  public static CalciteContextException at(SqlParserPos pos, String message, Throwable cause) {
    String where =
        "From line "
            + pos.getLineNum()
            + ", column "
            + pos.getColumnNum()
            + " to line "
            + pos.getEndLineNum()
            + ", column "
            + pos.getEndColumnNum()
            + ": ";
    // Calcite's context exceptions print as "<where>: <cause's message>", like its own
    // validation errors; the cause carries our message and keeps the underlying failure.
    return new CalciteContextException(
        where.substring(0, where.length() - 2),
        new StatementException(message, cause),
        pos.getLineNum(),
        pos.getColumnNum(),
        pos.getEndLineNum(),
        pos.getEndColumnNum());
  }
}
