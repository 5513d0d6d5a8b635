package io.sluice.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP FUNCTION [IF EXISTS] name} or {@code DROP AGGREGATE [IF EXISTS] name}. */
public final class SqlDropWasmFunction extends SqlDrop {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("DROP FUNCTION", SqlKind.DROP_FUNCTION);

  /** Whether {@code DROP AGGREGATE} (rather than {@code DROP FUNCTION}) was written. */
  public final boolean aggregate;

  /** The function's name. */
  public final SqlIdentifier name;

  /**
   * @param pos where the statement is
   * @param aggregate whether it drops an aggregate
   * @param ifExists whether IF EXISTS was given
   * @param name the function's name
   */
  public SqlDropWasmFunction(
      SqlParserPos pos, boolean aggregate, boolean ifExists, SqlIdentifier name) {
    super(OPERATOR, pos, ifExists);
    this.aggregate = aggregate;
    this.name = name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(aggregate ? "DROP AGGREGATE" : "DROP FUNCTION");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
  }
}
