package io.sluice.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ANALYZE [TABLE] [table, ...]}: gathers the named tables' statistics (every table's when
 * none is named) for the planner.
 */
public final class SqlAnalyze extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("ANALYZE", SqlKind.OTHER);

  /** The tables named, empty for all. */
  public final SqlNodeList tables;

  /**
   * @param pos where the statement is
   * @param tables the tables named, empty for all
   */
  public SqlAnalyze(SqlParserPos pos, SqlNodeList tables) {
    super(pos);
    this.tables = tables;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(tables);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ANALYZE");
    for (int i = 0; i < tables.size(); i++) {
      if (i > 0) {
        writer.sep(",");
      }
      tables.get(i).unparse(writer, 0, 0);
    }
  }
}
