package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.reference.GeoFunctions;
import io.sluice.examples.reference.PredicateFunctions;
import io.sluice.examples.reference.StringFunctions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wasm calls that cannot run on the shards (above a join, or with pushdown off) run on the
 * coordinator a batch of rows at a time, with the same results as the functions in Java, the same
 * errors, and no memory left behind.
 */
class CoordinatorCalcTest {
  private static final Path MODULES =
      Path.of("..", "examples", "udfs").toAbsolutePath().normalize();
  private static final String[] URLS = {
    "https://Example.com:8080/a?b=1", "http://x.org/", "ftp://user@files.net/pub", "no host", ""
  };
  private static final String[] IPS = {"10.1.2.3", "8.8.8.8", "192.168.0.9", "172.20.1.1", "nope"};

  /** More rows than one batch, so queries cross batch boundaries. */
  private static final int ROWS = 2500;

  @TempDir Path directory;
  private Connection connection;
  private final List<Object[]> rows = new ArrayList<>();

  @BeforeEach
  void load() throws SQLException {
    connection = connect("");
    execute(
        "CREATE TABLE events (id BIGINT NOT NULL, url VARCHAR, ip VARCHAR, lat DOUBLE, lon DOUBLE,"
            + " site INT, amount DECIMAL(10, 2), seen DATE) SHARDS 3");
    execute("CREATE TABLE sites (site INT NOT NULL, lat DOUBLE, lon DOUBLE) SHARDS 2");
    execute("INSERT INTO sites VALUES (0, 48.86, 2.35), (1, 40.71, -74.0), (2, NULL, 0.0)");
    Random random = new Random(11);
    StringBuilder insert = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      Object[] row = {
        (long) i,
        random.nextInt(10) == 0 ? null : URLS[random.nextInt(URLS.length)],
        random.nextInt(10) == 0 ? null : IPS[random.nextInt(IPS.length)],
        random.nextDouble() * 180 - 90,
        random.nextDouble() * 360 - 180,
        random.nextInt(4),
        BigDecimal.valueOf(random.nextInt(100_000), 2),
        "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)
      };
      rows.add(row);
      insert.append(insert.length() == 0 ? "INSERT INTO events VALUES " : ", ");
      insert.append(
          String.format(
              "(%d, %s, %s, %s, %s, %d, %s, DATE '%s')",
              row[0],
              quoted((String) row[1]),
              quoted((String) row[2]),
              "CAST(" + row[3] + " AS DOUBLE)",
              "CAST(" + row[4] + " AS DOUBLE)",
              row[5],
              row[6],
              row[7]));
      if (i % 500 == 499) {
        execute(insert.toString());
        insert.setLength(0);
      }
    }
    execute("CREATE FUNCTION url_host USING WASM FROM 'strings.wasm'");
    execute("CREATE FUNCTION is_private_ip USING WASM FROM 'predicates.wasm'");
    execute("CREATE FUNCTION haversine USING WASM FROM 'geo.wasm' EXPORT 'haversine_batch'");
  }

  @AfterEach
  void close() throws SQLException {
    var allocator = SluiceDriver.engine(connection).allocator();
    assertEquals(0, allocator.getAllocatedMemory(), allocator::toVerboseString);
    connection.close();
  }

  private Connection connect(String options) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sluice:" + directory.resolve("data") + ";modules=" + MODULES + options);
  }

  private static String quoted(String value) {
    return value == null ? "NULL" : "'" + value + "'";
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
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

  private static String plan(Connection connection, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query(connection, "EXPLAIN PLAN FOR " + sql)) {
      plan.append(row.get(0));
    }
    return plan.toString();
  }

  private long batches(String function) throws SQLException {
    return (Long)
        query(connection, "SELECT batches FROM sys.function_stats WHERE name = '" + function + "'")
            .get(0)
            .get(0);
  }

  @Test
  void aWasmCallOverBothSidesOfAJoinRunsBatchedOnTheCoordinator() throws SQLException {
    String sql =
        "SELECT e.id, s.site, haversine(e.lat, e.lon, s.lat, s.lon) AS km FROM events e"
            + " JOIN sites s ON e.site = s.site WHERE haversine(e.lat, e.lon, s.lat, s.lon) < 5000"
            + " ORDER BY e.id";
    String plan = plan(connection, sql);
    assertTrue(plan.contains("CoordinatorCalc") && plan.contains("batch=[1024]"), plan);
    assertFalse(plan.contains("EnumerableCalc"), plan);
    double[][] sites = {{48.86, 2.35}, {40.71, -74.0}};
    List<List<Object>> expected = new ArrayList<>();
    for (Object[] row : rows) {
      int site = (Integer) row[5];
      if (site < 2) {
        double km =
            GeoFunctions.haversine(
                (Double) row[3], (Double) row[4], sites[site][0], sites[site][1]);
        if (km < 5000) {
          expected.add(List.of(row[0], site, km));
        }
      }
    }
    long before = batches("haversine");
    List<List<Object>> actual = query(connection, sql);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).subList(0, 2), actual.get(i).subList(0, 2));
      double km = (Double) expected.get(i).get(2);
      assertEquals(km, (Double) actual.get(i).get(2), km * 1e-12);
    }
    // Twice (filter, then projection) per batch of joined rows, not once per row.
    long joined = rows.stream().filter(r -> (Integer) r[5] < 3).count();
    long batches = batches("haversine") - before;
    assertTrue(batches <= 2 * (joined / 1024 + 3), "batches: " + batches);
  }

  @Test
  void withPushdownOffTheSameQueriesGiveTheSameRows() throws SQLException {
    String[] queries = {
      "SELECT id, url_host(url), amount, seen FROM events WHERE is_private_ip(ip) ORDER BY id",
      "SELECT url_host(url) FROM events WHERE site = 2 ORDER BY id",
      "SELECT id FROM events WHERE NOT is_private_ip(ip) OR ip IS NULL ORDER BY id",
      "SELECT site, COUNT(*) FROM events WHERE is_private_ip(ip) GROUP BY site ORDER BY site"
    };
    try (Connection off = connect(";pushdown=false")) {
      for (String sql : queries) {
        String plan = plan(off, sql);
        // Over the shards' batches the calc is vectorized; over Calcite's rows it is batched.
        assertTrue(plan.contains("VectorCalc") || plan.contains("CoordinatorCalc"), plan);
        assertFalse(plan.contains("ShardFilter") || plan.contains("ShardProject"), plan);
        assertEquals(query(connection, sql), query(off, sql), sql);
      }
    }
    List<Object> expected = new ArrayList<>();
    for (Object[] row : rows) {
      if (row[2] != null && Boolean.TRUE.equals(PredicateFunctions.isPrivateIp((String) row[2]))) {
        expected.add(row[1] == null ? null : StringFunctions.urlHost((String) row[1]));
      }
    }
    List<Object> actual = new ArrayList<>();
    query(connection, queries[0]).forEach(r -> actual.add(r.get(1)));
    assertEquals(expected, actual);
  }

  @Test
  void parametersReachBatchedCalls() throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM events e JOIN sites s ON e.site = s.site"
            + " WHERE haversine(e.lat, e.lon, s.lat, s.lon) < ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (double limit : new double[] {1000, 10_000}) {
        statement.setDouble(1, limit);
        long expected =
            rows.stream()
                .filter(r -> (Integer) r[5] < 2)
                .filter(
                    r -> {
                      double[] site =
                          (Integer) r[5] == 0
                              ? new double[] {48.86, 2.35}
                              : new double[] {40.71, -74.0};
                      return GeoFunctions.haversine((Double) r[3], (Double) r[4], site[0], site[1])
                          < limit;
                    })
                .count();
        try (ResultSet results = statement.executeQuery()) {
          assertTrue(results.next());
          assertEquals(expected, results.getLong(1), "limit " + limit);
        }
      }
    }
  }

  @Test
  void aLimitStopsReadingAndReleasesTheBatch() throws SQLException {
    List<List<Object>> result =
        query(
            connection,
            "SELECT url_host(e.url) FROM events e JOIN sites s ON e.site = s.site"
                + " WHERE e.url IS NOT NULL LIMIT 3");
    assertEquals(3, result.size());
  }

  @Test
  void aTrapOnTheCoordinatorNamesTheFunctionAndTheEngineKeepsServing() throws SQLException {
    execute(
        "CREATE FUNCTION boom(x BIGINT) RETURNS BIGINT USING WASM"
            + " FROM 'hostile/trap_unreachable.wasm' EXPORT 'trap_unreachable_row' ABI ROW");
    // Rows with id < 1500 pass; the first batch holding one of them traps, mid-query.
    SQLException e =
        assertThrows(
            SQLException.class,
            () ->
                query(
                    connection,
                    "SELECT boom(1500 - e.id) FROM events e JOIN sites s ON e.site = s.site"));
    assertTrue(e.getMessage().contains("boom"), e.getMessage());
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    assertEquals(
        List.of(List.of(3L)), query(connection, "SELECT COUNT(*) FROM sites WHERE site >= 0"));
  }
}
