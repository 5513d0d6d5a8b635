package io.sluice.sql.ddl;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A column of a table, or a parameter of a function: {@code [name] type [NOT NULL]}. */
public final class SqlColumnDeclaration extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

  /** The name; null for an unnamed function parameter. */
  public final @Nullable SqlIdentifier name;

  /** The declared type, with its nullability. */
  public final SqlDataTypeSpec dataType;

  /**
   * @param pos where the declaration is
   * @param name the name, or null for an unnamed parameter
   * @param dataType the type, whose nullability says whether NOT NULL was given
   */
  public SqlColumnDeclaration(
      SqlParserPos pos, @Nullable SqlIdentifier name, SqlDataTypeSpec dataType) {
    super(pos);
    this.name = name;
    this.dataType = dataType;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(name, dataType);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    if (name != null) {
      name.unparse(writer, 0, 0);
    }
    dataType.unparse(writer, 0, 0);
    if (Boolean.FALSE.equals(dataType.getNullable())) {
      writer.keyword("NOT NULL");
    }
  }
}
