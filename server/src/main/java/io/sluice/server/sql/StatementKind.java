package io.sluice.server.sql;

import io.sluice.sql.StatementText;
import java.util.Set;

/**
 * What a statement does, told from its first keyword: whether it returns rows, changes rows, or
 * defines something. The endpoints need this before running a statement, because Calcite runs a
 * definition (CREATE, DROP) as soon as it is prepared, and Flight SQL clients decide from the
 * prepared statement's schema whether to fetch rows or an update count.
 */
public enum StatementKind {
  /** Returns rows: SELECT, WITH, VALUES, EXPLAIN, SHOW, DESCRIBE, or a parenthesized query. */
  QUERY,
  /**
   * Changes rows and answers a row count: INSERT, UPSERT, UPDATE, DELETE, MERGE (which may be
   * prepared with parameters), and COPY.
   */
  UPDATE,
  /** Defines or drops something (CREATE, DROP, ALTER, ...); never prepared ahead of running. */
  DEFINITION;

  private static final Set<String> QUERY_WORDS =
      Set.of("SELECT", "WITH", "VALUES", "EXPLAIN", "SHOW", "DESCRIBE", "TABLE");
  private static final Set<String> UPDATE_WORDS =
      Set.of("INSERT", "UPSERT", "UPDATE", "DELETE", "MERGE", "COPY");

  /**
   * @param sql a statement, possibly starting with comments, blanks or parentheses
   * @return its kind; anything that is neither a query nor a row change counts as a definition
   */
  public static StatementKind of(String sql) {
    String word = StatementText.firstKeyword(sql);
    if (word.isEmpty() || QUERY_WORDS.contains(word)) {
      // An empty word means a parenthesized query, or nothing at all: the engine will say which.
      return QUERY;
    }
    return UPDATE_WORDS.contains(word) ? UPDATE : DEFINITION;
  }
}
