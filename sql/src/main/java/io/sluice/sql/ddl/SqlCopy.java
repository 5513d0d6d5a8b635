package io.sluice.sql.ddl;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code COPY table [(column, ...)] FROM 'path or glob' [WITH (option = value, ...)]}, which loads
 * files into a table all at once, and {@code COPY {table [(column, ...)] | (query)} TO 'path' [WITH
 * (...)]}, which writes a table or a query's rows to a file.
 */
public final class SqlCopy extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("COPY", SqlKind.OTHER);

  /** True for COPY ... FROM (load), false for COPY ... TO (export). */
  public final boolean from;

  /** The table, or null when a query is copied. */
  public final @Nullable SqlIdentifier table;

  /** The table's columns named, or null for all of them. */
  public final @Nullable SqlNodeList columns;

  /** The query whose rows are written, or null. */
  public final @Nullable SqlNode query;

  /** The query's text exactly as written, or null. */
  public final @Nullable String queryText;

  /** The path (or glob, for FROM), a character literal. */
  public final SqlNode path;

  /** File options as a flat list: name, value, name, value... */
  public final SqlNodeList options;

  /**
   * @param pos where the statement is
   * @param from true for FROM, false for TO
   * @param table the table, or null
   * @param columns its columns named, or null
   * @param query the query, or null
   * @param queryText the query's text, or null
   * @param path the path literal
   * @param options file options as name, value pairs
   */
  public SqlCopy(
      SqlParserPos pos,
      boolean from,
      @Nullable SqlIdentifier table,
      @Nullable SqlNodeList columns,
      @Nullable SqlNode query,
      @Nullable String queryText,
      SqlNode path,
      SqlNodeList options) {
    super(pos);
    this.from = from;
    this.table = table;
    this.columns = columns;
    this.query = query;
    this.queryText = queryText;
    this.path = path;
    this.options = options;
  }

  /**
   * @return the path or glob as written
   */
  public String pathText() {
    return ((SqlLiteral) path).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return Arrays.asList(table, columns, query, path, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("COPY");
    if (table != null) {
      table.unparse(writer, 0, 0);
      if (columns != null) {
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode column : columns) {
          writer.sep(",");
          column.unparse(writer, 0, 0);
        }
        writer.endList(frame);
      }
    } else if (query != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      query.unparse(writer, 0, 0);
      writer.endList(frame);
    }
    writer.keyword(from ? "FROM" : "TO");
    path.unparse(writer, 0, 0);
    SqlOptions.unparse(writer, options);
  }
}
