package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the same SQL on Sluice (through its JDBC driver, tables spread over shards) and on DuckDB
 * (in-process, the reference) over the same generated data, and compares the results. Queries
 * without ORDER BY are compared as multisets; doubles to 9 significant digits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbDifferentialTest {
  private static final int ROWS = 9000;

  @TempDir static Path directory;
  private Connection sluice;
  private Connection duck;

  @BeforeAll
  void load() throws Exception {
    sluice = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
    duck = DriverManager.getConnection("jdbc:duckdb:");
    TestData.execute(sluice, TestData.EVENTS_DDL + " SHARDS 3 WITH (chunk_rows = 1000)");
    TestData.execute(sluice, TestData.DIMS_DDL + " SHARDS 2");
    TestData.execute(duck, TestData.EVENTS_DDL);
    TestData.execute(duck, TestData.DIMS_DDL);
    SluiceEngine engine = SluiceDriver.engine(sluice);
    try (RootAllocator allocator = new RootAllocator()) {
      TestData.loadSluice(engine.store().table("events"), TestData.events(ROWS), allocator);
      TestData.loadSluice(engine.store().table("dims"), TestData.dims(), allocator);
    }
    TestData.loadPeer(
        duck,
        "events",
        TestData.events(ROWS),
        "BIGINT",
        "INT",
        "BIGINT",
        "DOUBLE",
        "DECIMAL",
        "VARCHAR",
        "BOOLEAN",
        "DATE",
        "TIMESTAMP",
        "SMALLINT");
    TestData.loadPeer(duck, "dims", TestData.dims(), "INT", "VARCHAR", "DOUBLE");
  }

  @AfterAll
  void close() throws SQLException {
    sluice.close();
    duck.close();
  }

  static Stream<String> queries() {
    return Stream.of(
        "SELECT COUNT(*) FROM events",
        "SELECT COUNT(grp), COUNT(name), COUNT(ts) FROM events",
        "SELECT SUM(val), MIN(val), MAX(val) FROM events",
        "SELECT grp, COUNT(*) FROM events GROUP BY grp",
        "SELECT grp, SUM(val), MIN(amount), MAX(amount) FROM events GROUP BY grp",
        "SELECT id FROM events WHERE val > 500",
        "SELECT id, name FROM events WHERE name = 'alpha'",
        "SELECT id FROM events WHERE grp IS NULL",
        "SELECT id FROM events WHERE grp IS NOT NULL AND val < 100",
        "SELECT id FROM events WHERE val BETWEEN 100 AND 200",
        "SELECT id FROM events WHERE grp IN (1, 3, 5)",
        "SELECT id FROM events WHERE NOT (val > 10)",
        "SELECT id FROM events WHERE val > 10 OR grp = 2",
        "SELECT id FROM events WHERE flag",
        "SELECT id FROM events WHERE flag IS NOT TRUE",
        "SELECT id FROM events WHERE amount > 50.5",
        "SELECT id FROM events WHERE price >= 12.34",
        "SELECT id FROM events WHERE dt >= DATE '2024-03-01'",
        "SELECT id FROM events WHERE ts < TIMESTAMP '2024-02-01 00:00:00'",
        "SELECT id, val * 2 + 1 FROM events WHERE id < 100",
        "SELECT id, amount * 1.5 FROM events WHERE id < 100",
        "SELECT grp, AVG(amount) FROM events GROUP BY grp",
        "SELECT grp, COUNT(*) FROM events GROUP BY grp HAVING COUNT(*) > 400",
        "SELECT name, grp, COUNT(*) FROM events GROUP BY name, grp",
        "SELECT e.id, d.label FROM events e JOIN dims d ON e.grp = d.grp WHERE e.id < 500",
        "SELECT d.label, COUNT(*) FROM events e JOIN dims d ON e.grp = d.grp GROUP BY d.label",
        "SELECT e.id, d.label FROM events e LEFT JOIN dims d ON e.grp = d.grp WHERE e.id < 300",
        "SELECT d.grp, COUNT(e.id) FROM dims d LEFT JOIN events e ON e.grp = d.grp GROUP BY d.grp",
        "SELECT id FROM events ORDER BY val DESC NULLS LAST, id LIMIT 20",
        "SELECT id, amount FROM events ORDER BY amount NULLS FIRST, id LIMIT 15 OFFSET 5",
        "SELECT DISTINCT grp FROM events",
        "SELECT COUNT(DISTINCT name) FROM events",
        "SELECT grp FROM events WHERE id < 50 UNION SELECT grp FROM dims",
        "SELECT grp FROM events WHERE id < 50 UNION ALL SELECT grp FROM dims",
        "SELECT id FROM events WHERE val > (SELECT MIN(val) + 900 FROM events)",
        "SELECT id FROM events WHERE grp IN (SELECT grp FROM dims WHERE weight > 0.5)",
        "SELECT id FROM events e WHERE EXISTS"
            + " (SELECT 1 FROM dims d WHERE d.grp = e.grp AND d.label = 'g3')",
        "SELECT grp, SUM(CASE WHEN flag THEN 1 ELSE 0 END) FROM events GROUP BY grp",
        "SELECT COALESCE(name, 'none'), COUNT(*) FROM events GROUP BY COALESCE(name, 'none')",
        "SELECT name FROM events WHERE name LIKE 'b%'",
        "SELECT UPPER(name), CHAR_LENGTH(name) FROM events WHERE id < 100",
        "SELECT SUM(price) FROM events",
        "SELECT grp, SUM(price), MAX(price) FROM events GROUP BY grp",
        "SELECT small, COUNT(*) FROM events GROUP BY small",
        "SELECT MIN(dt), MAX(dt), MIN(ts), MAX(ts) FROM events",
        "SELECT id FROM events WHERE name <> 'alpha'",
        "SELECT COUNT(*) FROM events WHERE val IS NULL OR amount IS NULL",
        "SELECT * FROM (SELECT grp, COUNT(*) AS c FROM events GROUP BY grp) t"
            + " WHERE c > 300 ORDER BY grp NULLS LAST",
        "SELECT id FROM events WHERE MOD(id, 7) = 3",
        "SELECT e1.id FROM events e1 JOIN events e2 ON e1.id = e2.id + 1 WHERE e1.id < 200",
        "SELECT grp, MAX(name), MIN(name) FROM events GROUP BY grp",
        "SELECT COUNT(*) FROM events WHERE flag = FALSE",
        "SELECT id, amount FROM events WHERE amount IS NOT NULL AND amount < 0",
        "SELECT id, CAST(val AS DOUBLE) / 3 FROM events WHERE id < 30",
        "SELECT COUNT(*), SUM(val), MIN(name) FROM events WHERE id < 0",
        "SELECT grp, COUNT(*) FROM events WHERE id < 0 GROUP BY grp",
        "SELECT id FROM events WHERE small = 2 AND val >= 0 AND grp < 10",
        "SELECT grp, COUNT(*), SUM(small) FROM events WHERE dt < DATE '2024-02-15' GROUP BY grp",
        "SELECT id FROM events WHERE name IN ('émile', 'zoë', '')",
        "SELECT flag, COUNT(*) FROM events GROUP BY flag",
        "SELECT id, -val FROM events WHERE id BETWEEN 10 AND 20");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void sameResultAsDuckDb(String sql) throws SQLException {
    List<String> expected = run(duck, sql);
    List<String> actual = run(sluice, sql);
    if (!sql.contains("ORDER BY")) {
      expected.sort(null);
      actual.sort(null);
    }
    assertEquals(expected.size(), actual.size(), "row count of: " + sql);
    assertEquals(expected, actual, sql);
  }

  @ParameterizedTest
  @MethodSource("queries")
  void sameResultWithoutPushdown(String sql) throws SQLException {
    // The no-pushdown path (Calcite's own operators over plain scans) is the oracle for the
    // shard operators: same rows, different plans.
    List<String> pushed = run(sluice, sql);
    List<String> local;
    try (Connection plain =
        DriverManager.getConnection(
            "jdbc:sluice:" + directory.resolve("data") + ";pushdown=false")) {
      local = run(plain, sql);
    }
    if (!sql.contains("ORDER BY")) {
      pushed.sort(null);
      local.sort(null);
    }
    assertEquals(local, pushed, sql);
  }

  @org.junit.jupiter.api.Test
  void atLeastFortyQueries() {
    assertTrue(queries().count() >= 40);
  }

  private static List<String> run(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      ResultSetMetaData meta = results.getMetaData();
      while (results.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          row.append(c == 1 ? "" : " | ").append(normalize(results.getObject(c)));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static String normalize(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == 0) {
        return "0";
      }
      return new BigDecimal(d).round(new MathContext(9)).stripTrailingZeros().toPlainString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof Boolean b) {
      return b.toString().toLowerCase(Locale.ROOT);
    }
    return value.toString();
  }
}
