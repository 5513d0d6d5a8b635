package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the embedded JDBC driver: DDL, INSERT, SELECT, plans, restart. */
class JdbcBasicsTest {
  @TempDir Path directory;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
  }

  private static List<String> rows(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      while (results.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c == 1 ? "" : ",").append(results.getString(c));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void createInsertSelectAndRestart() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, price DECIMAL(8, 2))"
              + " DISTRIBUTED BY (id) SHARDS 3");
      assertEquals(
          3,
          statement.executeUpdate(
              "INSERT INTO t VALUES (1, 'a', 1.50), (2, NULL, 2.25), (3, 'ccc', NULL)"));
      assertEquals(
          List.of("1,a,1.50", "2,null,2.25", "3,ccc,null"),
          sorted(rows(connection, "SELECT * FROM t")));
      assertEquals(List.of("3"), rows(connection, "SELECT COUNT(*) FROM t"));
      assertEquals(List.of("ccc"), rows(connection, "SELECT name FROM t WHERE id > 2"));
    }
    try (Connection connection = connect()) {
      assertEquals(List.of("3"), rows(connection, "SELECT COUNT(*) FROM t"));
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO t SELECT id + 10, name, price FROM t");
      }
      assertEquals(List.of("6"), rows(connection, "SELECT COUNT(*) FROM t"));
    }
  }

  /** Each codec with everything on the engine's class path (Calcite's included). */
  @Test
  void everyCompressionStoresAndReadsBack() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String codec : List.of("none", "lz4", "zstd")) {
        statement.execute(
            "CREATE TABLE t_"
                + codec
                + " (id BIGINT NOT NULL, name VARCHAR) SHARDS 2 WITH (compression = '"
                + codec
                + "')");
        statement.executeUpdate(
            "INSERT INTO t_" + codec + " VALUES (1, 'aaaaaaaaaaaaaaaa'), (2, NULL), (3, 'b')");
        assertEquals(
            List.of("1,aaaaaaaaaaaaaaaa", "2,null", "3,b"),
            sorted(rows(connection, "SELECT * FROM t_" + codec)),
            codec);
      }
    }
  }

  @Test
  void databaseMetaDataListsTablesAndColumns() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, total DECIMAL(10, 2))");
      java.sql.DatabaseMetaData meta = connection.getMetaData();
      assertEquals("Sluice JDBC Driver", meta.getDriverName());
      try (ResultSet tables = meta.getTables(null, "sluice", "%", null)) {
        assertTrue(tables.next());
        assertEquals("orders", tables.getString("TABLE_NAME"));
        assertFalse(tables.next());
      }
      try (ResultSet columns = meta.getColumns(null, "sluice", "orders", "%")) {
        assertTrue(columns.next());
        assertEquals("id", columns.getString("COLUMN_NAME"));
        assertEquals(java.sql.Types.BIGINT, columns.getInt("DATA_TYPE"));
        assertEquals(java.sql.DatabaseMetaData.columnNoNulls, columns.getInt("NULLABLE"));
        assertTrue(columns.next());
        assertEquals("total", columns.getString("COLUMN_NAME"));
        assertEquals(java.sql.Types.DECIMAL, columns.getInt("DATA_TYPE"));
        assertEquals(10, columns.getInt("COLUMN_SIZE"));
        assertEquals(2, columns.getInt("DECIMAL_DIGITS"));
      }
      try (ResultSet schemas = meta.getSchemas()) {
        List<String> names = new ArrayList<>();
        while (schemas.next()) {
          names.add(schemas.getString("TABLE_SCHEM"));
        }
        assertTrue(names.containsAll(List.of("sluice", "sys")), names.toString());
      }
    }
  }

  @Test
  void explainShowsWhatRunsOnTheShards() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id BIGINT, v INT, s VARCHAR) SHARDS 2");
      statement.executeUpdate(
          "INSERT INTO t SELECT x, MOD(x, 7), 'k' || CAST(MOD(x, 3) AS VARCHAR)"
              + " FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) AS v(x)");
      String plan =
          String.join(
              "\n",
              rows(
                  connection,
                  "EXPLAIN PLAN FOR SELECT s, COUNT(*), SUM(v) FROM t WHERE id > 5 GROUP BY s"));
      assertTrue(plan.contains("ShardFilter"), plan);
      assertTrue(plan.contains("ShardAggregate"), plan);
      assertTrue(plan.contains("ShardToEnumerableConverter"), plan);
    }
  }

  @Test
  void preparedStatementsBindParametersPushedToShards() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id BIGINT, v DOUBLE)");
      statement.executeUpdate("INSERT INTO t VALUES (1, 1.5), (2, 2.5), (3, 3.5)");
      try (PreparedStatement query =
          connection.prepareStatement("SELECT id FROM t WHERE id >= ? AND v < ? ORDER BY id")) {
        query.setLong(1, 2);
        query.setDouble(2, 10);
        try (ResultSet results = query.executeQuery()) {
          assertTrue(results.next());
          assertEquals(2, results.getLong(1));
          assertTrue(results.next());
          assertEquals(3, results.getLong(1));
          assertFalse(results.next());
        }
        query.setLong(1, 3);
        query.setDouble(2, 3.0);
        try (ResultSet results = query.executeQuery()) {
          assertFalse(results.next());
        }
      }
    }
  }

  @Test
  void queryLogCountsRowsAndBytesMoved() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id BIGINT, v INT) SHARDS 2");
      statement.executeUpdate("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)");
      assertEquals(List.of("2"), rows(connection, "SELECT COUNT(*) FROM t WHERE v > 20"));
      List<String> log =
          rows(
              connection,
              "SELECT shards, rows_scanned, rows_moved, bytes_moved > 0, outcome FROM sys.queries"
                  + " WHERE statement LIKE '%v > 20%' ORDER BY id DESC");
      // The count is made on the shards: each moves one partial count, not its rows.
      String[] newest = log.get(0).split(",");
      assertEquals("2", newest[0], log.get(0));
      assertEquals("4", newest[1], log.get(0));
      assertTrue(Long.parseLong(newest[2]) >= 1 && Long.parseLong(newest[2]) <= 2, log.get(0));
      assertEquals("true", newest[3], log.get(0));
      assertEquals("ok", newest[4], log.get(0));
    }
  }

  @Test
  void tablesAreListedAndDroppedAndTheirNamesFreed() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE a (id BIGINT)");
      statement.execute("CREATE TABLE b (id BIGINT) SHARDS 3");
      statement.executeUpdate("INSERT INTO a VALUES (1), (2)");
      List<String> tables = rows(connection, "SHOW TABLES");
      assertTrue(tables.stream().anyMatch(t -> t.startsWith("a,")), tables.toString());
      assertTrue(tables.stream().anyMatch(t -> t.startsWith("b,3")), tables.toString());
      statement.execute("DROP TABLE a");
      SQLException gone =
          assertThrows(SQLException.class, () -> rows(connection, "SELECT * FROM a"));
      assertTrue(gone.getMessage().contains("Object 'a' not found"), gone.getMessage());
      SQLException missing =
          assertThrows(SQLException.class, () -> statement.execute("DROP TABLE a"));
      assertTrue(missing.getMessage().contains("table a does not exist"), missing.getMessage());
      statement.execute("DROP TABLE IF EXISTS a");
      // The name is free again, and the new table starts empty.
      statement.execute("CREATE TABLE a (name VARCHAR)");
      assertEquals(List.of("0"), rows(connection, "SELECT COUNT(*) FROM a"));
      tables = rows(connection, "SHOW TABLES");
      assertTrue(tables.stream().anyMatch(t -> t.startsWith("b,")), tables.toString());
    }
  }

  @Test
  void badConnectionPropertiesAndTableOptionsAreNamed() throws SQLException {
    SQLException durability =
        assertThrows(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                    "jdbc:sluice:" + directory.resolve("data") + ";durability=foo"));
    assertTrue(
        durability.getMessage().contains("durability = 'foo' is invalid; use one of"),
        durability.getMessage());
    SQLException pushdown =
        assertThrows(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                    "jdbc:sluice:" + directory.resolve("data") + ";pushdown=flase"));
    assertTrue(
        pushdown.getMessage().contains("pushdown = 'flase' is invalid; use true or false"),
        pushdown.getMessage());
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String shards : List.of("99999999999", "0", "2.5")) {
        SQLException e =
            assertThrows(
                SQLException.class,
                () -> statement.execute("CREATE TABLE t (id BIGINT) SHARDS " + shards));
        assertTrue(
            e.getMessage().contains("SHARDS must be a whole number between 1 and"), e.getMessage());
        assertTrue(e.getMessage().contains("From line 1, column 35"), e.getMessage());
      }
      statement.execute("CREATE TABLE t (id BIGINT) SHARDS 2");
    }
  }

  @Test
  void predicatesOnPlainColumnsSkipChunksAndExplainShowsWhich() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE p (id BIGINT NOT NULL, v INT) SHARDS 2 WITH (chunk_rows = 100)");
      StringBuilder insert = new StringBuilder("INSERT INTO p VALUES ");
      for (int i = 0; i < 1000; i++) {
        insert
            .append(i == 0 ? "" : ", ")
            .append('(')
            .append(i)
            .append(", ")
            .append(i % 7)
            .append(')');
      }
      statement.executeUpdate(insert.toString());
      String sql = "SELECT COUNT(*), MIN(id) FROM p WHERE id >= 900 AND v IS NOT NULL";
      String plan = String.join("\n", rows(connection, "EXPLAIN PLAN FOR " + sql));
      assertTrue(plan.contains("prunes=[[id >= 900, v IS NOT NULL]]"), plan);
      assertEquals(List.of("100,900"), rows(connection, sql));
      List<String> log =
          rows(
              connection,
              "SELECT chunks_read, chunks_skipped, rows_scanned FROM sys.queries"
                  + " WHERE statement = '"
                  + sql
                  + "' ORDER BY id DESC");
      String[] newest = log.get(0).split(",");
      long read = Long.parseLong(newest[0]);
      long skipped = Long.parseLong(newest[1]);
      // 1,000 rows in chunks of at most 100 rows: at least 10 chunks, most of them wholly below
      // 900.
      assertTrue(read + skipped >= 10, log.get(0));
      assertTrue(skipped >= read, log.get(0));
      assertTrue(Long.parseLong(newest[2]) < 1000, log.get(0));
    }
  }

  @Test
  void errorsNameWhatIsWrong() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      SQLException unknown =
          assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM nope"));
      assertTrue(unknown.getMessage().contains("Object 'nope' not found"), unknown.getMessage());
      SQLException syntax =
          assertThrows(SQLException.class, () -> statement.executeQuery("SELECT FROM WHERE"));
      assertTrue(syntax.getMessage().contains("line 1, column"), syntax.getMessage());
      statement.execute("CREATE TABLE t (id BIGINT)");
      SQLException exists =
          assertThrows(SQLException.class, () -> statement.execute("CREATE TABLE t (x INT)"));
      assertTrue(exists.getMessage().contains("table t already exists"), exists.getMessage());
      statement.executeUpdate("INSERT INTO t VALUES (1)");
      for (String change :
          List.of(
              "UPDATE t SET id = 2",
              "DELETE FROM t WHERE id = 1",
              "MERGE INTO t USING t AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET id = 3")) {
        SQLException unsupported =
            assertThrows(SQLException.class, () -> statement.execute(change), change);
        String kind = change.substring(0, change.indexOf(' '));
        assertTrue(
            unsupported.getMessage().contains(kind + " is not supported: tables are append-only")
                && unsupported.getMessage().contains("line 1, column 1"),
            unsupported.getMessage());
      }
      assertEquals(List.of("1"), rows(connection, "SELECT COUNT(*) FROM t WHERE id = 1"));
    }
  }

  @Test
  void everyTypeRoundTripsThroughSql() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE all_types (b BOOLEAN, ti TINYINT, si SMALLINT, i INT, bi BIGINT, f FLOAT,"
              + " d DOUBLE, dc DECIMAL(20, 4), s VARCHAR, vb VARBINARY, dt DATE, tm TIME,"
              + " ts TIMESTAMP, tz TIMESTAMP WITH LOCAL TIME ZONE)");
      statement.executeUpdate(
          "INSERT INTO all_types VALUES (TRUE, -5, 300, -70000, 9000000000, 1.5, -2.25,"
              + " 1234567890123.4567, 'héllo', X'00ff', DATE '2024-02-29', TIME '13:14:15',"
              + " TIMESTAMP '2024-02-29 13:14:15.123',"
              + " TIMESTAMP WITH LOCAL TIME ZONE '2024-02-29 13:14:15.123')");
      statement.executeUpdate(
          "INSERT INTO all_types VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL)");
      try (ResultSet results =
          statement.executeQuery("SELECT * FROM all_types WHERE b IS NOT NULL")) {
        assertTrue(results.next());
        assertTrue(results.getBoolean("b"));
        assertEquals(-5, results.getByte("ti"));
        assertEquals(300, results.getShort("si"));
        assertEquals(-70000, results.getInt("i"));
        assertEquals(9000000000L, results.getLong("bi"));
        assertEquals(1.5f, results.getFloat("f"));
        assertEquals(-2.25, results.getDouble("d"));
        assertEquals(new BigDecimal("1234567890123.4567"), results.getBigDecimal("dc"));
        assertEquals("héllo", results.getString("s"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, results.getBytes("vb"));
        assertEquals("2024-02-29", results.getDate("dt").toString());
        assertEquals("13:14:15", results.getTime("tm").toString());
        assertEquals("2024-02-29 13:14:15.123", results.getTimestamp("ts").toString());
        assertEquals("2024-02-29 13:14:15.123", results.getTimestamp("tz").toString());
        // getObject returns the class the metadata announces, and the usual one for each type.
        ResultSetMetaData meta = results.getMetaData();
        List<String> classes = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          Object value = results.getObject(c);
          assertEquals(
              meta.getColumnClassName(c), value.getClass().getName(), meta.getColumnName(c));
          classes.add(value.getClass().getSimpleName());
        }
        assertEquals(
            List.of(
                "Boolean",
                "Byte",
                "Short",
                "Integer",
                "Long",
                "Float",
                "Double",
                "BigDecimal",
                "String",
                "byte[]",
                "Date",
                "Time",
                "Timestamp",
                "Timestamp"),
            classes);
        assertFalse(results.next());
      }
      assertEquals(
          List.of("1"),
          rows(connection, "SELECT COUNT(*) FROM all_types WHERE b IS NULL AND tz IS NULL"));
    }
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
