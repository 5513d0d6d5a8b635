package io.sluice.sql.ddl;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(column, ...)] [DISTRIBUTED BY (column)]
 * [SHARDS n] [WITH (option = value, ...)] [AS query | FROM 'path or glob' [WITH (file options)]]}.
 * Without columns, the table takes the query's columns or the files'.
 */
public final class SqlCreateSluiceTable extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  /** The table's name. */
  public final SqlIdentifier name;

  /** The columns, each a {@link SqlColumnDeclaration}, or null to take them from AS or FROM. */
  public final @Nullable SqlNodeList columns;

  /** The distribution key, or null for round-robin. */
  public final @Nullable SqlIdentifier distributedBy;

  /** The shard count, or null for the default. */
  public final @Nullable SqlNumericLiteral shards;

  /** Storage options as a flat list: name, value, name, value... */
  public final SqlNodeList options;

  /** The query whose rows fill the table (CREATE TABLE AS), or null. */
  public final @Nullable SqlNode query;

  /** The query's text exactly as written, or null. */
  public final @Nullable String queryText;

  /** The files whose rows fill the table (CREATE TABLE FROM), a character literal, or null. */
  public final @Nullable SqlNode source;

  /** The options of reading the files, as name, value pairs. */
  public final SqlNodeList fileOptions;

  /**
   * @param pos where the statement is
   * @param replace whether OR REPLACE was given (refused when executed)
   * @param ifNotExists whether IF NOT EXISTS was given
   * @param name the table's name
   * @param columns the column declarations
   * @param distributedBy the distribution key, or null
   * @param shards the shard count, or null
   * @param options storage options as name, value pairs
   * @param query the query of CREATE TABLE AS, or null
   * @param queryText its text, or null
   * @param source the path of CREATE TABLE FROM, or null
   * @param fileOptions the file options of CREATE TABLE FROM
   */
  public SqlCreateSluiceTable(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      @Nullable SqlNodeList columns,
      @Nullable SqlIdentifier distributedBy,
      @Nullable SqlNumericLiteral shards,
      SqlNodeList options,
      @Nullable SqlNode query,
      @Nullable String queryText,
      @Nullable SqlNode source,
      SqlNodeList fileOptions) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.distributedBy = distributedBy;
    this.shards = shards;
    this.options = options;
    this.query = query;
    this.queryText = queryText;
    this.source = source;
    this.fileOptions = fileOptions;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(name, columns, distributedBy, shards, options, query, source, fileOptions);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (columns != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode column : columns) {
        writer.sep(",");
        column.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    if (distributedBy != null) {
      writer.keyword("DISTRIBUTED BY");
      SqlWriter.Frame key = writer.startList("(", ")");
      distributedBy.unparse(writer, 0, 0);
      writer.endList(key);
    }
    if (shards != null) {
      writer.keyword("SHARDS");
      shards.unparse(writer, 0, 0);
    }
    SqlOptions.unparse(writer, options);
    if (query != null) {
      writer.keyword("AS");
      query.unparse(writer, 0, 0);
    } else if (source != null) {
      writer.keyword("FROM");
      source.unparse(writer, 0, 0);
      SqlOptions.unparse(writer, fileOptions);
    }
  }
}
