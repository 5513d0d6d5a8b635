package io.sluice.sql.ddl;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SHOW FUNCTIONS} and {@code SHOW TABLES}: shorthands the parser expands into queries over
 * the {@code sys} schema, so they behave like any query (JDBC result sets, formats, filters).
 */
public final class SqlShow {
  private SqlShow() {}

  /** What {@code SHOW} lists. */
  public enum What {
    /** Every wasm function and aggregate, from {@code sys.functions}. */
    FUNCTIONS(
        "SELECT \"name\", \"kind\", \"signature\", \"abi\", \"module_sha256\", \"execution\""
            + " FROM \"sys\".\"functions\" ORDER BY \"name\""),
    /** Every table, from {@code sys.tables}. */
    TABLES(
        "SELECT \"name\", \"shards\", \"distribution_key\", \"row_count\""
            + " FROM \"sys\".\"tables\" ORDER BY \"name\"");

    private final String query;

    What(String query) {
      this.query = query;
    }
  }

  /**
   * @param pos where the statement is (unused: the expansion is a constant query)
   * @param what what to list
   * @return the query that lists it
   */
  public static SqlNode query(SqlParserPos pos, What what) {
    try {
      return SqlParser.create(what.query, SqlParser.config().withCaseSensitive(true)).parseQuery();
    } catch (SqlParseException e) {
      throw new IllegalStateException("the SHOW " + what + " expansion does not parse", e);
    }
  }
}
