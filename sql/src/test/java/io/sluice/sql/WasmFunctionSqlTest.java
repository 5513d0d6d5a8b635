package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.ExampleUdfs;
import io.sluice.examples.reference.GeoFunctions;
import io.sluice.examples.reference.Histogram;
import io.sluice.examples.reference.PredicateFunctions;
import io.sluice.examples.reference.SplitWords;
import io.sluice.examples.reference.StringFunctions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wasm functions through SQL, end to end over JDBC: DDL, pushdown of scalar calls, filters and
 * aggregates to the shards, table functions, results against the same logic in Java, restart, and
 * every user-causable failure with the engine still serving afterwards.
 */
class WasmFunctionSqlTest {
  /** The example modules, relative to the sql module's directory (Maven's working directory). */
  private static final Path MODULES =
      Path.of("..", "examples", "udfs").toAbsolutePath().normalize();

  private static final String[] URLS = {
    "https://Example.com:8080/a?b=1",
    "http://x.org/",
    "ftp://user@files.net/pub",
    "no host here",
    "https://ÜNI.example/straße",
    ""
  };
  private static final String[] IPS = {"10.1.2.3", "8.8.8.8", "192.168.0.9", "172.20.1.1", "nope"};
  private static final String[] TEXTS = {"hello big world", "a, b; c", "", "émile et zoë", "x"};

  @TempDir Path directory;
  private Connection connection;
  private final List<Object[]> rows = new ArrayList<>();

  @BeforeEach
  void load() throws SQLException {
    connection = connect();
    execute(
        "CREATE TABLE events (id BIGINT NOT NULL, url VARCHAR, ip VARCHAR, txt VARCHAR,"
            + " lat DOUBLE, lon DOUBLE, v DOUBLE, grp INT) SHARDS 3");
    Random random = new Random(7);
    StringBuilder insert = new StringBuilder("INSERT INTO events VALUES ");
    for (int i = 0; i < 600; i++) {
      Object[] row = {
        (long) i,
        random.nextInt(10) == 0 ? null : URLS[random.nextInt(URLS.length)],
        random.nextInt(10) == 0 ? null : IPS[random.nextInt(IPS.length)],
        random.nextInt(10) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)],
        random.nextDouble() * 180 - 90,
        random.nextDouble() * 360 - 180,
        random.nextInt(10) == 0 ? null : Math.pow(10, random.nextDouble() * 4),
        random.nextInt(4)
      };
      rows.add(row);
      insert.append(i == 0 ? "" : ", ").append('(');
      for (int c = 0; c < row.length; c++) {
        insert.append(c == 0 ? "" : ", ").append(literal(row[c]));
      }
      insert.append(')');
    }
    execute(insert.toString());
  }

  @AfterEach
  void close() throws SQLException {
    // Nothing a query did, failed or not, holds Arrow memory once it is over.
    var allocator = SluiceDriver.engine(connection).allocator();
    assertEquals(0, allocator.getAllocatedMemory(), allocator::toVerboseString);
    assertEquals(0, io.sluice.sql.function.CoordinatorCalls.allocatedBytes());
    connection.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sluice:" + directory.resolve("data") + ";modules=" + MODULES);
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Double d) {
      return "CAST(" + d + " AS DOUBLE)";
    }
    return value.toString();
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<List<Object>> query(String sql) throws SQLException {
    return query(connection, sql);
  }

  /** The same query through a connection that pushes nothing to the shards. */
  private List<List<Object>> queryWithoutPushdown(String sql) throws SQLException {
    try (Connection off =
        DriverManager.getConnection(
            "jdbc:sluice:"
                + directory.resolve("data")
                + ";modules="
                + MODULES
                + ";pushdown=false")) {
      return query(off, sql);
    }
  }

  private static List<List<Object>> query(Connection connection, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      while (results.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(results.getObject(c));
        }
        out.add(row);
      }
    }
    return out;
  }

  private String plan(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query("EXPLAIN PLAN FOR " + sql)) {
      plan.append(row.get(0));
    }
    return plan.toString();
  }

  @Test
  void aSelfDescribedScalarRunsOnTheShardsAndMatchesJava() throws SQLException {
    execute("CREATE FUNCTION url_host USING WASM FROM 'strings.wasm'");
    String sql = "SELECT id, url_host(url) FROM events ORDER BY id";
    String plan = plan(sql);
    assertTrue(plan.contains("ShardProject") && plan.contains("udfs=[url_host]"), plan);
    List<List<Object>> result = query(sql);
    assertEquals(rows.size(), result.size());
    for (int i = 0; i < rows.size(); i++) {
      String url = (String) rows.get(i)[1];
      assertEquals(url == null ? null : StringFunctions.urlHost(url), result.get(i).get(1), url);
    }
  }

  @Test
  void aUdfFilterIsPushedToTheShards() throws SQLException {
    execute("CREATE FUNCTION is_private_ip USING WASM FROM 'predicates.wasm'");
    String sql = "SELECT id FROM events WHERE is_private_ip(ip) AND id < 500";
    String plan = plan(sql);
    assertTrue(plan.contains("ShardFilter") && plan.contains("is_private_ip"), plan);
    assertFalse(plan.contains("EnumerableFilter"), plan);
    List<Long> expected = new ArrayList<>();
    for (Object[] row : rows) {
      Boolean isPrivate = row[2] == null ? null : PredicateFunctions.isPrivateIp((String) row[2]);
      if (Boolean.TRUE.equals(isPrivate) && (Long) row[0] < 500) {
        expected.add((Long) row[0]);
      }
    }
    List<Long> actual = new ArrayList<>();
    query(sql).forEach(r -> actual.add((Long) r.get(0)));
    actual.sort(null);
    assertEquals(expected, actual);
    // The filter ran on the shards: fewer rows reached the coordinator than were scanned.
    List<List<Object>> log =
        query(
            "SELECT rows_scanned, rows_moved FROM sys.queries WHERE statement LIKE"
                + " '%is_private_ip(ip) AND id < 500%' ORDER BY id DESC");
    assertEquals(600L, log.get(0).get(0));
    assertEquals((long) expected.size(), log.get(0).get(1));
  }

  @Test
  void explainAnalyzeRunsTheQueryAndReportsWhatMoved() throws SQLException {
    execute("CREATE FUNCTION is_private_ip USING WASM FROM 'predicates.wasm'");
    StringBuilder report = new StringBuilder();
    for (List<Object> line :
        query("EXPLAIN ANALYZE SELECT id FROM events WHERE is_private_ip(ip)")) {
      report.append(line.get(0)).append('\n');
    }
    String text = report.toString();
    assertTrue(text.contains("ShardFilter"), text);
    assertTrue(text.contains("3 shards"), text);
    assertTrue(text.contains("600 rows scanned"), text);
    assertTrue(text.contains("wasm is_private_ip:"), text);
    assertTrue(text.matches("(?s).*moved to the coordinator: \\d+ rows.*"), text);
  }

  @Test
  void aRowAbiFunctionWithAnExplicitSignature() throws SQLException {
    execute(
        "CREATE FUNCTION dist(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) RETURNS DOUBLE"
            + " USING WASM FROM 'geo.wasm' EXPORT 'haversine' ABI ROW");
    List<List<Object>> result = query("SELECT id, dist(lat, lon, 0, 0) FROM events ORDER BY id");
    for (int i = 0; i < rows.size(); i++) {
      double expected =
          GeoFunctions.haversine((Double) rows.get(i)[4], (Double) rows.get(i)[5], 0, 0);
      assertEquals(expected, (Double) result.get(i).get(1), Math.abs(expected) * 1e-12);
    }
  }

  @Test
  void aPartialAggregateIsMergedOnTheCoordinator() throws SQLException {
    execute("CREATE AGGREGATE histogram USING WASM FROM 'sketches.wasm'");
    String sql = "SELECT grp, histogram(v) FROM events GROUP BY grp ORDER BY grp";
    String plan = plan(sql);
    assertTrue(plan.contains("ShardAggregate") && plan.contains("histogram$partial"), plan);
    List<List<Object>> result = query(sql);
    assertEquals(4, result.size());
    for (List<Object> row : result) {
      List<Double> values = new ArrayList<>();
      for (Object[] r : rows) {
        if (((Integer) r[7]).equals(row.get(0)) && r[6] != null) {
          values.add((Double) r[6]);
        }
      }
      assertEquals(Histogram.of(values), row.get(1), "group " + row.get(0));
    }
    // The same aggregate above a join runs on the coordinator, with the same answer.
    List<List<Object>> coordinator =
        query(
            "SELECT e.grp, histogram(e.v) FROM events e JOIN (VALUES (0), (1), (2), (3)) AS g(k)"
                + " ON e.grp = g.k GROUP BY e.grp ORDER BY e.grp");
    assertEquals(result, coordinator);
    // A group larger than the coordinator's fold size (4,096 rows) is folded into its state as it
    // grows, not held whole: 600 rows joined with 10 give one group of 6,000.
    String big =
        "SELECT histogram(e.v) FROM events e CROSS JOIN"
            + " (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS g(k)";
    assertFalse(plan(big).contains("histogram$partial"), plan(big));
    List<Double> all = new ArrayList<>();
    for (int copy = 0; copy < 10; copy++) {
      for (Object[] r : rows) {
        if (r[6] != null) {
          all.add((Double) r[6]);
        }
      }
    }
    assertEquals(List.of(List.of(Histogram.of(all))), query(big));
  }

  @Test
  void aTableFunctionDirectlyAndLaterally() throws SQLException {
    execute("CREATE FUNCTION split_words USING WASM FROM 'split.wasm'");
    List<List<Object>> direct = query("SELECT * FROM TABLE(split_words('a b, c'))");
    assertEquals(List.of(List.of("a", 1), List.of("b", 2), List.of("c", 3)), direct);
    List<List<Object>> lateral =
        query(
            "SELECT e.id, w.word, w.\"position\" FROM events e,"
                + " LATERAL TABLE(split_words(e.txt)) AS w WHERE e.id < 50 ORDER BY e.id,"
                + " w.\"position\"");
    List<List<Object>> expected = new ArrayList<>();
    for (Object[] row : rows) {
      if ((Long) row[0] < 50 && row[3] != null) {
        for (SplitWords.Word word : SplitWords.split((String) row[3])) {
          expected.add(List.of(row[0], word.word(), word.position()));
        }
      }
    }
    assertEquals(expected, lateral);
  }

  @Test
  void aLateralTableFunctionRunsABatchOfRowsPerCall() throws SQLException {
    execute("CREATE FUNCTION split_words USING WASM FROM 'split.wasm'");
    // 600 rows joined with 3: 1,800 left rows, two batches of at most 1,024.
    String inner =
        "SELECT e.id, g.k, w.word, w.\"position\" FROM events e"
            + " CROSS JOIN (VALUES (1), (2), (3)) AS g(k), LATERAL TABLE(split_words(e.txt)) AS w";
    assertTrue(plan(inner).contains("CoordinatorLateral(function=[split_words(txt)]"), plan(inner));
    String outer =
        "SELECT e.id, g.k, w.word, w.\"position\" FROM events e"
            + " CROSS JOIN (VALUES (1), (2), (3)) AS g(k)"
            + " LEFT JOIN LATERAL TABLE(split_words(e.txt)) AS w ON TRUE";
    assertTrue(plan(outer).contains("joinType=[left]"), plan(outer));
    List<List<Object>> expectedInner = new ArrayList<>();
    List<List<Object>> expectedOuter = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      for (Object[] row : rows) {
        List<SplitWords.Word> words =
            row[3] == null ? List.of() : SplitWords.split((String) row[3]);
        for (SplitWords.Word word : words) {
          expectedInner.add(List.of(row[0], k, word.word(), word.position()));
        }
        if (words.isEmpty()) {
          expectedOuter.add(java.util.Arrays.asList(row[0], k, null, null));
        }
      }
    }
    expectedOuter.addAll(expectedInner);
    java.util.Comparator<List<Object>> order =
        java.util.Comparator.comparing((List<Object> r) -> (Long) r.get(0))
            .thenComparing(r -> (Integer) r.get(1))
            .thenComparing(r -> r.get(3) == null ? 0 : (Integer) r.get(3));
    expectedInner.sort(order);
    expectedOuter.sort(order);
    List<List<Object>> gotInner = new ArrayList<>(query(inner));
    List<List<Object>> gotOuter = new ArrayList<>(query(outer));
    gotInner.sort(order);
    gotOuter.sort(order);
    assertEquals(expectedInner, gotInner);
    assertEquals(expectedOuter, gotOuter);
    // Two queries of 1,800 rows each: a few calls, not one per row.
    List<List<Object>> stats =
        query("SELECT calls, input_rows FROM sys.function_stats WHERE name = 'split_words'");
    assertTrue((Long) stats.get(0).get(0) <= 8, stats.toString());
    assertEquals(3_600L, stats.get(0).get(1), stats.toString());
  }

  @Test
  void aGroupByOverALateralTableFunctionRunsOnTheShards() throws SQLException {
    execute("CREATE FUNCTION split_words USING WASM FROM 'split.wasm'");
    String sql =
        "SELECT w.word, COUNT(*) AS n, SUM(e.grp) AS g, MAX(w.\"position\") AS p FROM events e,"
            + " LATERAL TABLE(split_words(e.txt)) AS w WHERE e.id < 500 GROUP BY w.word";
    String plan = plan(sql);
    assertTrue(
        plan.contains("ShardAggregate") && plan.contains("ShardLateral(function=[split_words"),
        plan);
    java.util.Map<String, long[]> expected = new java.util.TreeMap<>();
    for (Object[] row : rows) {
      if ((Long) row[0] < 500 && row[3] != null) {
        for (SplitWords.Word word : SplitWords.split((String) row[3])) {
          long[] a = expected.computeIfAbsent(word.word(), w -> new long[3]);
          a[0]++;
          a[1] += (Integer) row[7];
          a[2] = Math.max(a[2], word.position());
        }
      }
    }
    List<List<Object>> want = new ArrayList<>();
    expected.forEach((w, a) -> want.add(List.of(w, a[0], a[1], (int) a[2])));
    List<List<Object>> got = new ArrayList<>(query(sql + " ORDER BY w.word"));
    // Compared as text: the SQL types of SUM and MAX differ from Java's long.
    assertEquals(want.toString(), got.toString());
    // Only the partial states moved: at most one row per word and shard.
    List<List<Object>> moved =
        query(
            "SELECT rows_scanned, rows_moved FROM sys.queries WHERE statement = '"
                + sql.replace("'", "''")
                + " ORDER BY w.word' ORDER BY id DESC");
    assertTrue((Long) moved.get(0).get(1) <= 3L * expected.size(), moved.toString());
    // The same query with pushdown off (the coordinator's batched lateral) agrees.
    assertEquals(got, queryWithoutPushdown(sql + " ORDER BY w.word"));
  }

  @Test
  void aShardCallsALateralTableFunctionOnSlicesOfLargeBatches() throws SQLException {
    execute("CREATE FUNCTION split_words USING WASM FROM 'split.wasm'");
    // 24,000 rows in one shard: one scan batch, cut into slices of 1,024 rows per call.
    execute("CREATE TABLE big (id BIGINT, txt VARCHAR) SHARDS 1");
    StringBuilder copies = new StringBuilder();
    for (int k = 0; k < 40; k++) {
      copies.append(k == 0 ? "" : ", ").append('(').append(k).append(')');
    }
    execute(
        "INSERT INTO big SELECT e.id * 100 + g.k, e.txt FROM events e CROSS JOIN (VALUES "
            + copies
            + ") AS g(k)");
    String sql =
        "SELECT w.word, COUNT(*) FROM big b, LATERAL TABLE(split_words(b.txt)) AS w"
            + " GROUP BY w.word ORDER BY w.word";
    assertTrue(plan(sql).contains("ShardLateral"), plan(sql));
    java.util.Map<String, Long> expected = new java.util.TreeMap<>();
    for (Object[] row : rows) {
      if (row[3] != null) {
        for (SplitWords.Word word : SplitWords.split((String) row[3])) {
          expected.merge(word.word(), 40L, Long::sum);
        }
      }
    }
    List<List<Object>> want = new ArrayList<>();
    expected.forEach((w, n) -> want.add(List.of(w, n)));
    assertEquals(want, query(sql));
    List<List<Object>> calls =
        query("SELECT calls, input_rows FROM sys.function_stats WHERE name = 'split_words'");
    assertEquals(List.of(List.of(24L, 24_000L)), calls);
  }

  @Test
  void aLateralArgumentOfAnotherTypeIsCastOnTheShards() throws SQLException {
    execute("CREATE FUNCTION map_postings USING WASM FROM 'jobs/inverted_index.wasm'");
    // grp is INT; map_postings takes (doc_id BIGINT, text VARCHAR).
    String sql =
        "SELECT p.word, COUNT(*), MIN(p.doc_id), MAX(p.doc_id) FROM events e,"
            + " LATERAL TABLE(map_postings(e.grp, e.txt)) AS p GROUP BY p.word ORDER BY p.word";
    String plan = plan(sql);
    assertTrue(plan.contains("ShardLateral") && plan.contains("CAST($"), plan);
    List<List<Object>> shards = query(sql);
    assertFalse(shards.isEmpty());
    assertEquals(queryWithoutPushdown(sql), shards);
  }

  @Test
  void aLateralTableFunctionThatTrapsOnAShardNamesItself() throws SQLException {
    execute("CREATE TABLE texts (id BIGINT, txt VARCHAR) SHARDS 2");
    execute("INSERT INTO texts SELECT id, CASE WHEN id = 300 THEN 'TRAP' ELSE txt END FROM events");
    execute("CREATE FUNCTION boom USING WASM FROM 'jobs/faults.wasm' EXPORT 'map_or_trap'");
    String sql =
        "SELECT b.text, SUM(b.n) FROM texts t, LATERAL TABLE(boom(t.txt)) AS b GROUP BY b.text";
    assertTrue(plan(sql).contains("ShardLateral"), plan(sql));
    assertError(sql, "function boom trapped", "unreachable");
    assertEquals(List.of(List.of(600L)), query("SELECT COUNT(*) FROM texts"));
  }

  @Test
  void aTrappingLateralTableFunctionNamesItself() throws SQLException {
    // map_or_trap traps on a text starting with TRAP; one row in the middle of the table has one.
    execute("CREATE TABLE texts (id BIGINT, txt VARCHAR)");
    execute("INSERT INTO texts SELECT id, CASE WHEN id = 300 THEN 'TRAP' ELSE txt END FROM events");
    execute("CREATE FUNCTION boom USING WASM FROM 'jobs/faults.wasm' EXPORT 'map_or_trap'");
    assertTrue(
        plan("SELECT t.id, b.n FROM texts t, LATERAL TABLE(boom(t.txt)) AS b")
            .contains("CoordinatorLateral"));
    assertError(
        "SELECT t.id, b.n FROM texts t, LATERAL TABLE(boom(t.txt)) AS b",
        "function boom trapped",
        "unreachable");
    assertEquals(List.of(List.of(600L)), query("SELECT COUNT(*) FROM events"));
  }

  @Test
  void functionsSurviveARestartAndAreListed() throws SQLException {
    byte[] module = ExampleUdfs.module("strings");
    execute(
        "CREATE FUNCTION host(u VARCHAR) RETURNS VARCHAR USING WASM FROM BASE64 '"
            + Base64.getEncoder().encodeToString(module)
            + "' EXPORT 'url_host' WITH (memory_limit = '32MB', timeout = '2s')");
    connection.close();
    connection = connect();
    assertEquals(
        List.of(List.of("x.org")), query("SELECT host('http://x.org/a') FROM (VALUES (1))"));
    List<List<Object>> listed =
        query("SELECT name, kind, abi, memory_limit, timeout, source FROM sys.functions");
    assertEquals(List.of(List.of("host", "SCALAR", "BATCH", "32 MiB", "2s", "BASE64")), listed);
    assertEquals(1, query("SHOW FUNCTIONS").size());
    try (ResultSet functions = connection.getMetaData().getFunctions(null, null, "host")) {
      assertTrue(functions.next());
      assertEquals("host", functions.getString("FUNCTION_NAME"));
    }
    List<List<Object>> stats = query("SELECT calls > 0, input_rows > 0 FROM sys.function_stats");
    assertEquals(List.of(List.of(true, true)), stats);
  }

  @Test
  void replaceIsAtomicAndDropRemoves() throws SQLException {
    execute("CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'url_host'");
    SQLException exists =
        assertThrows(
            SQLException.class,
            () -> execute("CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'normalize'"));
    assertTrue(exists.getMessage().contains("function f already exists"), exists.getMessage());
    execute("CREATE OR REPLACE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'normalize'");
    assertEquals(List.of(List.of("a b")), query("SELECT f('  A   B ') FROM (VALUES (1))"));
    execute("DROP FUNCTION f");
    SQLException gone =
        assertThrows(SQLException.class, () -> query("SELECT f('x') FROM (VALUES (1))"));
    assertTrue(
        gone.getMessage().contains("No match found for function signature f"), gone.getMessage());
    execute("DROP FUNCTION IF EXISTS f");
  }

  @Test
  void aRunningQueryFinishesOnTheVersionItStartedWith() throws SQLException {
    execute("CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'url_host'");
    assertRunningQueryOutlives(
        "CREATE OR REPLACE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'normalize'");
    // New queries use the new version.
    assertEquals(List.of(List.of("a b")), query("SELECT f(' A  B') FROM (VALUES (1))"));
  }

  @Test
  void aRunningQueryOutlivesTheDropOfItsFunctionAfterARestart() throws SQLException {
    execute("CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'url_host'");
    // After a restart the version is not compiled until first used, so it must still find its
    // module when the query first calls it, after the DROP deleted the module from the catalog.
    connection.close();
    connection = connect();
    assertRunningQueryOutlives("DROP FUNCTION f");
    assertError("SELECT f(url) FROM events", "No match found for function signature f");
  }

  /**
   * Runs a query whose second part calls {@code f} only after its first row was read, runs {@code
   * change} from another connection in between, and checks every row came from the version of
   * {@code f} (url_host) the query started with.
   */
  private void assertRunningQueryOutlives(String change) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results =
            statement.executeQuery(
                "SELECT -x AS id, CAST(NULL AS VARCHAR) AS host FROM (VALUES (1), (2)) AS t(x)"
                    + " UNION ALL SELECT id, f(url) FROM events")) {
      // JDBC reads a row ahead: after the first row, the cursor stands on the second, so no
      // shard has started yet.
      assertTrue(results.next());
      assertEquals(-1L, results.getLong(1));
      try (Connection other = connect();
          Statement replace = other.createStatement()) {
        replace.execute(change);
      }
      assertTrue(results.next());
      assertEquals(-2L, results.getLong(1));
      int seen = 0;
      while (results.next()) {
        String url = (String) rows.get((int) results.getLong(1))[1];
        assertEquals(url == null ? null : StringFunctions.urlHost(url), results.getString(2), url);
        seen++;
      }
      assertEquals(rows.size(), seen);
    }
  }

  @Test
  void aggregatesFromFileUrlsAreDroppedWithDropAggregate() throws SQLException {
    String url = MODULES.resolve("sketches.wasm").toUri().toString();
    assertTrue(url.startsWith("file:"), url);
    execute("CREATE AGGREGATE histogram USING WASM FROM '" + url + "'");
    assertEquals(
        List.of(List.of(MODULES.resolve("sketches.wasm").toString())),
        query("SELECT source FROM sys.functions WHERE name = 'histogram'"));
    assertEquals(1, query("SELECT histogram(v) FROM events").size());
    assertError("DROP FUNCTION histogram", "histogram is an aggregate; use DROP AGGREGATE");
    execute("DROP AGGREGATE histogram");
    assertError("SELECT histogram(v) FROM events", "No match found for function signature");
    assertError("DROP AGGREGATE histogram", "aggregate histogram does not exist", "line 1");
    execute("DROP AGGREGATE IF EXISTS histogram");
    assertError(
        "CREATE AGGREGATE h USING WASM FROM 'file:///no/such/dir/sketches.wasm'",
        "module file /no/such/dir/sketches.wasm does not exist");
  }

  @Test
  void unknownTablesColumnsAndFunctionsAreNamed() {
    assertError("SELECT nope FROM events", "Column 'nope' not found", "line 1, column 8");
    assertError("SELECT * FROM nowhere", "Object 'nowhere' not found");
    assertError(
        "SELECT no_such_fn(url) FROM events", "No match found for function signature no_such_fn");
  }

  @Test
  void aPreparedStatementKeepsTheVersionItWasPlannedWith() throws SQLException {
    execute("CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'url_host'");
    try (PreparedStatement prepared =
        connection.prepareStatement("SELECT f(url) FROM events WHERE id = 0")) {
      execute("CREATE OR REPLACE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'normalize'");
      SQLException stale = assertThrows(SQLException.class, prepared::executeQuery);
      assertTrue(stale.getMessage().contains("prepare it again"), stale.getMessage());
    }
  }

  @Test
  void badDefinitionsFailTheDdlWithClearMessages() throws SQLException {
    assertError(
        "CREATE FUNCTION f USING WASM FROM 'no/such.wasm'", "does not exist", "line 1, column 35");
    assertError(
        "CREATE FUNCTION f USING WASM FROM 'strings.wasm'",
        "the module does not describe a function named f",
        "url_host");
    assertError(
        "CREATE FUNCTION f(x INT) RETURNS INT USING WASM FROM 'strings.wasm' EXPORT 'missing'",
        "function f cannot use module",
        "export missing",
        "line 1");
    assertError(
        "CREATE FUNCTION f USING WASM FROM 'hostile/forbidden_import.wasm'",
        "env.system",
        "is invalid");
    assertError(
        "CREATE FUNCTION f USING WASM FROM 'strings.wasm' EXPORT 'url_host'"
            + " WITH (memory_limit = 'lots')",
        "option memory_limit = 'lots' is invalid",
        "line 1");
    assertError(
        "CREATE AGGREGATE url_host USING WASM FROM 'strings.wasm'",
        "as a scalar function, not as an aggregate",
        "line 1");
    // Nothing was stored by the failed statements; the engine still serves.
    assertEquals(0, query("SELECT * FROM sys.functions").size());
    assertEquals(List.of(List.of(600L)), query("SELECT COUNT(*) FROM events"));
  }

  @Test
  void badCallsAndFailingGuestsGiveClearErrorsAndTheEngineKeepsServing() throws SQLException {
    execute("CREATE FUNCTION url_host USING WASM FROM 'strings.wasm'");
    assertError(
        "SELECT url_host(id) FROM events",
        "No match found for function signature url_host",
        "line 1, column 8");
    assertError(
        "SELECT url_host(url, url) FROM events",
        "No match found for function signature url_host(<CHARACTER>, <CHARACTER>)",
        "line 1, column 8");
    execute(
        "CREATE FUNCTION boom(x BIGINT) RETURNS BIGINT USING WASM"
            + " FROM 'hostile/trap_unreachable.wasm' EXPORT 'trap_unreachable_row' ABI ROW");
    // Calcite repeats the statement in its message, so the function's name is checked in the
    // engine's own words ("function boom ..."), not just anywhere.
    assertError("SELECT boom(id - 300) FROM events", "function boom trapped", "unreachable");
    execute(
        "CREATE FUNCTION spin(x BIGINT) RETURNS BIGINT USING WASM"
            + " FROM 'hostile/infinite_loop.wasm' EXPORT 'infinite_loop_row' ABI ROW WITH (timeout = '200ms')");
    assertError("SELECT spin(id) FROM events", "function spin exceeded its", "time limit");
    assertEquals(
        List.of(List.of("example.com")),
        query("SELECT url_host('https://example.com/') FROM (VALUES (1))"));
    List<List<Object>> stats =
        query("SELECT name, traps, timeouts FROM sys.function_stats ORDER BY name");
    assertTrue(stats.get(0).get(0).equals("boom"), stats.toString());
    assertTrue((Long) stats.get(0).get(1) >= 1, "boom trapped: " + stats);
    assertEquals(0L, stats.get(0).get(2), stats.toString());
    assertEquals("spin", stats.get(1).get(0), stats.toString());
    assertTrue((Long) stats.get(1).get(2) >= 1, "spin timed out: " + stats);
    assertEquals(List.of("url_host", 0L, 0L), stats.get(2), stats.toString());
  }

  private void assertError(String sql, String... fragments) {
    SQLException e = assertThrows(SQLException.class, () -> execute(sql), sql);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), sql + " => " + e.getMessage());
    }
  }
}
