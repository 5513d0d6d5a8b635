package io.sluice.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code EXPLAIN ANALYZE query}: the parser checks the query's syntax, then expands the statement
 * into {@code SELECT * FROM TABLE(sys.explain_analyze('query'))}, a table function that runs the
 * query and reports its plan with what each part actually did.
 */
public final class SqlExplainAnalyze {
  private SqlExplainAnalyze() {}

  /** Name of the table function, in schema {@code sys}, that the statement expands into. */
  public static final String FUNCTION = "explain_analyze";

  /**
   * Returns the statement text strictly after one token and up to the end of another, stripped.
   *
   * @param sql the whole statement text
   * @param afterLine the 1-based line of the first token's last character
   * @param afterColumn the 1-based column of the first token's last character
   * @param endLine the 1-based line of the last token's last character
   * @param endColumn the 1-based column of the last token's last character
   * @return the text in between
   */
  public static String textBetween(
      String sql, int afterLine, int afterColumn, int endLine, int endColumn) {
    if (sql == null) {
      throw new IllegalStateException("EXPLAIN ANALYZE needs the statement text");
    }
    return sql.substring(offset(sql, afterLine, afterColumn), offset(sql, endLine, endColumn))
        .strip();
  }

  /** The offset just after the character at a 1-based line and column. */
  private static int offset(String sql, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      offset = sql.indexOf('\n', offset) + 1;
    }
    return Math.min(sql.length(), offset + column);
  }

  /**
   * @param pos where the statement is
   * @param sql the text of the query to analyze, exactly as written
   * @return the query that runs and reports it
   */
  public static SqlNode query(SqlParserPos pos, String sql) {
    SqlNode call =
        SqlStdOperatorTable.COLLECTION_TABLE.createCall(
            pos,
            new SqlBasicCall(
                new org.apache.calcite.sql.SqlUnresolvedFunction(
                    new SqlIdentifier(List.of("sys", FUNCTION), pos),
                    null,
                    null,
                    null,
                    null,
                    org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION),
                List.of(SqlLiteral.createCharString(sql, pos)),
                pos));
    return new SqlSelect(
        pos,
        null,
        SqlNodeList.of(SqlIdentifier.star(pos)),
        call,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
