package io.sluice.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A statement's kind from its first keyword, past comments and parentheses. */
class StatementKindTest {
  @Test
  void tellsQueriesUpdatesAndDefinitionsApart() {
    assertEquals(StatementKind.QUERY, StatementKind.of("select 1"));
    assertEquals(
        StatementKind.QUERY,
        StatementKind.of("  -- note\n/* block */ (SELECT 1) UNION (SELECT 2)"));
    assertEquals(StatementKind.QUERY, StatementKind.of("WITH x AS (SELECT 1) SELECT * FROM x"));
    assertEquals(StatementKind.QUERY, StatementKind.of("EXPLAIN ANALYZE SELECT 1"));
    assertEquals(StatementKind.QUERY, StatementKind.of("SHOW FUNCTIONS"));
    assertEquals(StatementKind.QUERY, StatementKind.of("VALUES (1)"));
    assertEquals(StatementKind.UPDATE, StatementKind.of("insert into t values (?)"));
    assertEquals(StatementKind.DEFINITION, StatementKind.of("CREATE TABLE t (x INT)"));
    assertEquals(StatementKind.DEFINITION, StatementKind.of("/* x */ DROP FUNCTION f"));
    assertEquals(StatementKind.DEFINITION, StatementKind.of("GRANT nothing"));
  }
}
