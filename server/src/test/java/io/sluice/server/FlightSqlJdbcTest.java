package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server through the Arrow Flight SQL JDBC driver, the way DBeaver or Tableau use it: connect
 * with a password, browse tables and columns, define a wasm function, query with it, prepare with
 * parameters, and stream a result of five million rows.
 */
class FlightSqlJdbcTest {
  @TempDir Path data;
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start(data, true, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(running.jdbcUrl());
  }

  private static void createVisits(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE visits (id BIGINT NOT NULL, url VARCHAR, latency_ms DOUBLE, visit_day DATE)");
    statement.executeUpdate(
        "INSERT INTO visits VALUES"
            + " (1, 'https://Example.com:8080/docs?q=1', 12.5, DATE '2024-03-01'),"
            + " (2, 'http://shop.example.org/cart', 140.0, DATE '2024-03-02'),"
            + " (3, 'https://example.com/', 7.25, NULL),"
            + " (4, NULL, 1800.0, DATE '2024-03-04')");
  }

  @Test
  void browsesSchemasTablesAndColumnsThroughDatabaseMetaData() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      createVisits(statement);
      DatabaseMetaData meta = connection.getMetaData();
      assertEquals("Sluice", meta.getDatabaseProductName());

      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = meta.getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertEquals(List.of("sluice", "sys"), schemas.stream().sorted().toList());

      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(null, "sluice", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
        }
      }
      assertEquals(List.of("visits:TABLE"), tables);
      try (ResultSet rs = meta.getTables(null, "sys", "%", null)) {
        int count = 0;
        while (rs.next()) {
          count++;
        }
        assertTrue(count >= 4, "sys has tables, functions, function_stats, queries");
      }

      Map<String, Integer> types = new HashMap<>();
      Map<String, String> typeNames = new HashMap<>();
      List<String> order = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, "sluice", "visits", "%")) {
        while (rs.next()) {
          String column = rs.getString("COLUMN_NAME");
          order.add(column);
          types.put(column, rs.getInt("DATA_TYPE"));
          typeNames.put(column, rs.getString("TYPE_NAME"));
        }
      }
      assertEquals(List.of("id", "url", "latency_ms", "visit_day"), order);
      assertEquals(Types.BIGINT, types.get("id"));
      assertEquals(Types.VARCHAR, types.get("url"));
      assertEquals(Types.DOUBLE, types.get("latency_ms"));
      assertEquals(Types.DATE, types.get("visit_day"));
      assertEquals("BIGINT", typeNames.get("id"));
      // sqlline's !columns asks with the connection's catalog and no schema.
      try (ResultSet rs = meta.getColumns(connection.getCatalog(), null, "visits", "%")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertEquals(4, n);
      }
    }
  }

  @Test
  void definesAWasmFunctionAndQueriesWithIt() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      createVisits(statement);
      statement.execute("CREATE FUNCTION url_host USING WASM FROM 'examples/udfs/strings.wasm'");
      List<String> rows = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT id, url_host(url) AS host, visit_day FROM visits ORDER BY id")) {
        assertEquals("host", rs.getMetaData().getColumnLabel(2));
        while (rs.next()) {
          rows.add(rs.getLong(1) + "|" + rs.getString("host") + "|" + rs.getString("visit_day"));
        }
      }
      assertEquals(
          List.of(
              "1|example.com|2024-03-01",
              "2|shop.example.org|2024-03-02",
              "3|example.com|null",
              "4|null|2024-03-04"),
          rows);
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT url_host(url) AS host, COUNT(*) AS n FROM visits"
                  + " WHERE url IS NOT NULL GROUP BY url_host(url) ORDER BY 2 DESC, 1")) {
        assertTrue(rs.next());
        assertEquals("example.com", rs.getString(1));
        assertEquals(2, rs.getLong(2));
      }
    }
  }

  @Test
  void preparesStatementsWithParameters() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      createVisits(statement);
      statement.execute("CREATE FUNCTION url_host USING WASM FROM 'examples/udfs/strings.wasm'");
      // The driver leaves a plain Statement's earlier statements open (they idle out on the
      // server); count only what the prepared statements below do.
      int openBefore = running.server.openStatements();
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO visits (id, url, latency_ms) VALUES (?, ?, ?)")) {
        insert.setLong(1, 5);
        insert.setString(2, "https://docs.example.net/a");
        insert.setDouble(3, 3.5);
        assertEquals(1, insert.executeUpdate());
        insert.setLong(1, 6);
        insert.setString(2, "https://docs.example.net/b");
        insert.setDouble(3, 4.5);
        assertEquals(1, insert.executeUpdate());
      }
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT id, latency_ms FROM visits WHERE latency_ms < ? AND url_host(url) = ?"
                  + " ORDER BY id")) {
        assertEquals(2, query.getParameterMetaData().getParameterCount());
        query.setDouble(1, 100.0);
        query.setString(2, "docs.example.net");
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        assertEquals(List.of(5L, 6L), ids);
        query.setDouble(1, 4.0);
        query.setString(2, "docs.example.net");
        ids.clear();
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        assertEquals(List.of(5L), ids);
      }
      assertEquals(openBefore, running.server.openStatements(), "closed statements are released");
    }
  }

  @Test
  void reportsInvalidSqlWithItsPosition() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      SQLException e =
          assertThrows(
              SQLException.class, () -> statement.executeQuery("SELECT nope FROM sys.tables"));
      String messages = messages(e);
      assertTrue(messages.contains("From line 1, column 8 to line 1, column 11"), messages);
      assertTrue(messages.contains("Column 'nope' not found in any table"), messages);
      assertTrue(messages.contains("INVALID_ARGUMENT"), messages);
      // The connection keeps working after an error.
      try (ResultSet rs = statement.executeQuery("SELECT 1 + 1")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    }
  }

  /** The messages of an exception and its causes: the driver wraps the server's status. */
  static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  @Test
  void refusesAWrongPassword() {
    String url = running.jdbcUrl().replace(RunningServer.PASSWORD, "wrong");
    SQLException e =
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    assertTrue(
        e.getMessage().contains("UNAUTHENTICATED") || e.getMessage().contains("authentication"),
        e.getMessage());
    assertFalse(e.getMessage().contains(RunningServer.USER + " "), e.getMessage());
  }

  @Test
  void streamsFiveMillionRowsInBoundedBatches() throws Exception {
    long rows = 5_000_000;
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE big (id BIGINT NOT NULL, v DOUBLE) SHARDS 4");
      BufferAllocator allocator =
          running.server.engine().allocator().newChildAllocator("test-ingest", 0, Long.MAX_VALUE);
      try (allocator) {
        var table = running.server.engine().store().table("big");
        int batchRows = 250_000;
        for (long first = 0; first < rows; first += batchRows) {
          try (VectorSchemaRoot batch = VectorSchemaRoot.create(table.schema(), allocator)) {
            BigIntVector id = (BigIntVector) batch.getVector("id");
            Float8Vector v = (Float8Vector) batch.getVector("v");
            id.allocateNew(batchRows);
            v.allocateNew(batchRows);
            for (int i = 0; i < batchRows; i++) {
              id.set(i, first + i);
              v.set(i, (first + i) * 0.5);
            }
            batch.setRowCount(batchRows);
            table.append(batch);
          }
        }
      }
      long peakBefore = running.server.allocator().getPeakMemoryAllocation();
      long count = 0;
      long idSum = 0;
      try (ResultSet rs = statement.executeQuery("SELECT id, v FROM big")) {
        while (rs.next()) {
          idSum += rs.getLong(1);
          count++;
        }
      }
      assertEquals(rows, count);
      assertEquals(rows * (rows - 1) / 2, idSum);
      long peak = running.server.allocator().getPeakMemoryAllocation();
      // 5M rows of (BIGINT, DOUBLE) are 85 MB of Arrow data; the server holds a few batches.
      assertTrue(
          Math.max(peak, peakBefore) < 48L << 20,
          "the server held " + peak + " bytes at once while streaming 85 MB");
    }
  }
}
