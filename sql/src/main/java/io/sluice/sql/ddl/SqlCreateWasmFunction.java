package io.sluice.sql.ddl;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE [OR REPLACE] {FUNCTION | AGGREGATE} [IF NOT EXISTS] name [(parameters)] [RETURNS
 * type | RETURNS TABLE (columns)] USING WASM FROM source [EXPORT 'symbol'] [ABI ROW|BATCH] [WITH
 * (options)]}.
 */
public final class SqlCreateWasmFunction extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE FUNCTION", SqlKind.CREATE_FUNCTION);

  /** Scalar, table or aggregate. */
  public final SqlWasmFunctionKind kind;

  /** The function's name. */
  public final SqlIdentifier name;

  /** The parameters ({@link SqlColumnDeclaration}s), or null when the module's own are used. */
  public final @Nullable SqlNodeList parameters;

  /** The result type of a scalar or aggregate, or null when the module's own is used. */
  public final @Nullable SqlDataTypeSpec returnType;

  /** The result columns of a table function, or null when the module's own are used. */
  public final @Nullable SqlNodeList returnColumns;

  /** Where the module comes from. */
  public final SqlWasmSource source;

  /** The export (or export prefix for aggregates) to use, or null for the module's own. */
  public final @Nullable SqlNode exportName;

  /** {@code ROW} or {@code BATCH}, or null for the module's own. */
  public final @Nullable SqlIdentifier abi;

  /** Limits and options as a flat list: name, value, name, value... */
  public final SqlNodeList options;

  /**
   * @param pos where the statement is
   * @param replace whether OR REPLACE was given
   * @param ifNotExists whether IF NOT EXISTS was given
   * @param kind scalar, table or aggregate
   * @param name the function's name
   * @param parameters the parameters, or null
   * @param returnType the result type, or null
   * @param returnColumns a table function's columns, or null
   * @param source where the module comes from
   * @param exportName the export, or null
   * @param abi ROW or BATCH, or null
   * @param options options as name, value pairs
   */
  public SqlCreateWasmFunction(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlWasmFunctionKind kind,
      SqlIdentifier name,
      @Nullable SqlNodeList parameters,
      @Nullable SqlDataTypeSpec returnType,
      @Nullable SqlNodeList returnColumns,
      SqlWasmSource source,
      @Nullable SqlNode exportName,
      @Nullable SqlIdentifier abi,
      SqlNodeList options) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.kind = kind;
    this.name = name;
    this.parameters = parameters;
    this.returnType = returnType;
    this.returnColumns = returnColumns;
    this.source = source;
    this.exportName = exportName;
    this.abi = abi;
    this.options = options;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(
        name, parameters, returnType, returnColumns, source.text, exportName, abi, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE" : "CREATE");
    writer.keyword(kind == SqlWasmFunctionKind.AGGREGATE ? "AGGREGATE" : "FUNCTION");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (parameters != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode parameter : parameters) {
        writer.sep(",");
        parameter.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    if (returnType != null) {
      writer.keyword("RETURNS");
      returnType.unparse(writer, 0, 0);
    } else if (returnColumns != null) {
      writer.keyword("RETURNS TABLE");
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode column : returnColumns) {
        writer.sep(",");
        column.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    writer.keyword("USING WASM");
    source.unparse(writer);
    if (exportName != null) {
      writer.keyword("EXPORT");
      exportName.unparse(writer, 0, 0);
    }
    if (abi != null) {
      writer.keyword("ABI");
      writer.keyword(abi.getSimple());
    }
    SqlOptions.unparse(writer, options);
  }
}
