package io.sluice.sql.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sql.SluiceDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY, CREATE TABLE AS and FROM, and INSERTs of many rows, through embedded JDBC. */
class LoadSqlTest {
  @TempDir Path directory;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection =
        DriverManager.getConnection(
            "jdbc:sluice:" + directory.resolve("data") + ";files=" + directory);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private long update(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.executeLargeUpdate(sql);
    }
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet result = s.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(result.getObject(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void copyLoadsACsvFileAndCountsItsRows() throws Exception {
    Files.writeString(
        directory.resolve("people.csv"),
        "id,name,born\n1,Ada,1815-12-10\n2,Grace,1906-12-09\n3,\"Tōkyō, Japan\",\n");
    update("CREATE TABLE people (id BIGINT NOT NULL, name VARCHAR, born DATE) SHARDS 2");
    assertEquals(3, update("COPY people FROM 'people.csv'"));
    // A bare option means TRUE, as in DuckDB and PostgreSQL: WITH (format = 'csv', header).
    assertEquals(3, update("COPY people FROM 'people.csv' WITH (format = 'csv', header)"));
    update("DROP TABLE people");
    update("CREATE TABLE people (id BIGINT NOT NULL, name VARCHAR, born DATE) SHARDS 2");
    assertEquals(3, update("COPY people FROM 'people.csv'"));
    assertEquals(
        List.of(
            List.of(1L, "Ada", java.sql.Date.valueOf("1815-12-10")), List.of(3L, "Tōkyō, Japan")),
        query("SELECT id, name, born FROM people WHERE id <> 2 ORDER BY id").stream()
            .map(r -> r.get(2) == null ? r.subList(0, 2) : r)
            .toList());
  }

  @Test
  void copyIsAllOrNothing() throws Exception {
    Files.writeString(directory.resolve("bad.csv"), "id,name\n1,a\nx,b\n");
    update("CREATE TABLE t (id BIGINT, name VARCHAR)");
    SQLException e = assertThrows(SQLException.class, () -> update("COPY t FROM 'bad.csv'"));
    assertTrue(
        e.getMessage().contains("bad.csv: line 3, column 'id': 'x' is not a BIGINT"),
        e.getMessage());
    assertEquals(List.of(List.of(0L)), query("SELECT COUNT(*) FROM t"));
    assertEquals(1, update("COPY t FROM 'bad.csv' WITH (on_error = 'skip')"));
    List<String> notices = SluiceDriver.takeNotices();
    assertTrue(
        notices.stream().anyMatch(n -> n.contains("skipped 1 row") && n.contains("line 3")),
        notices.toString());
  }

  @Test
  void copyToWritesAFileThatCopyFromReadsBack() throws Exception {
    update("CREATE TABLE t (id BIGINT, name VARCHAR, amount DECIMAL(10,2))");
    update("INSERT INTO t VALUES (1, 'a', 1.50), (2, NULL, -3.25), (3, 'ü''s', 0)");
    for (String file : List.of("out.csv", "out.parquet", "out.json", "out.arrow")) {
      assertEquals(3, update("COPY t TO '" + file + "'"));
      update(
          "CREATE TABLE back_"
              + file.substring(4)
              + " (id BIGINT, name VARCHAR, amount DECIMAL(10,2))");
      assertEquals(3, update("COPY back_" + file.substring(4) + " FROM '" + file + "'"));
      assertEquals(
          query("SELECT * FROM t ORDER BY id"),
          query("SELECT * FROM back_" + file.substring(4) + " ORDER BY id"),
          file);
    }
    assertEquals(
        2,
        update("COPY (SELECT id, name FROM t WHERE id < 3) TO 'part.csv' WITH (header = false)"));
    assertEquals("1,a\n2,\n", Files.readString(directory.resolve("part.csv")));
  }

  @Test
  void createTableAsAndFromMakeFullTablesAtOnce() throws Exception {
    Files.writeString(directory.resolve("in.csv"), "k,v\n1,x\n2,y\n3,z\n");
    update("CREATE TABLE f FROM 'in.csv'");
    assertEquals(List.of(List.of(3L, 6L)), query("SELECT COUNT(*), SUM(k) FROM f"));
    update(
        "CREATE TABLE g DISTRIBUTED BY (k) SHARDS 3 AS SELECT k * 10 AS k, v FROM f WHERE k > 1");
    assertEquals(
        List.of(List.of(20L, "y"), List.of(30L, "z")), query("SELECT * FROM g ORDER BY k"));
    update("CREATE OR REPLACE TABLE g AS SELECT v FROM f");
    assertEquals(List.of(List.of(3L)), query("SELECT COUNT(*) FROM g"));
    SQLException exists =
        assertThrows(SQLException.class, () -> update("CREATE TABLE g AS SELECT 1 AS x"));
    assertTrue(exists.getMessage().contains("table g already exists"), exists.getMessage());
    update("CREATE TABLE typed (k INT, v VARCHAR) FROM 'in.csv'");
    assertEquals(List.of(List.of(1, "x")), query("SELECT * FROM typed WHERE k = 1"));
  }

  @Test
  void insertOfManyLiteralRowsNeedsNoGeneratedCode() throws Exception {
    update("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, d DATE, price DECIMAL(8,2))");
    StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
    for (int i = 0; i < 10_000; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append('(')
          .append(i)
          .append(", 'name ")
          .append(i)
          .append("', DATE '2024-01-01', ")
          .append(i % 100)
          .append(".5)");
    }
    assertEquals(10_000, update(sql.toString()));
    assertEquals(List.of(List.of(10_000L, 49_995_000L)), query("SELECT COUNT(*), SUM(id) FROM t"));
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> update("INSERT INTO t VALUES (1, 'x', DATE '2024-01-01', 1e9)"));
    assertTrue(
        e.getMessage()
            .contains("cannot insert into column price: '1000000000' does not fit DECIMAL(8,2)"),
        e.getMessage());
  }

  @Test
  void executeBatchWritesEveryRowInOneAppend() throws Exception {
    update("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, ts TIMESTAMP)");
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO t (id, name, ts) VALUES (?, ?, ?)")) {
      for (int i = 0; i < 5000; i++) {
        insert.setLong(1, i);
        insert.setString(2, i % 3 == 0 ? null : "n" + i);
        insert.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-01 00:00:00"));
        insert.addBatch();
      }
      long[] counts = insert.executeLargeBatch();
      assertEquals(5000, counts.length);
      assertEquals(1, counts[0]);
      insert.setLong(1, 99_999);
      insert.setString(2, "single");
      insert.setTimestamp(3, null);
      assertEquals(1, insert.executeUpdate());
    }
    String count = "SELECT COUNT(*), COUNT(name) FROM t";
    assertEquals(List.of(List.of(5001L, 3334L)), query(count));
    // One append for the 5,000 batched rows (a chunk per shard) and one for the single row: a
    // statement run per row would have made thousands of chunks.
    List<Object> scanned =
        query(
                "SELECT q.chunks_read, t.shards FROM sys.queries q, sys.tables t WHERE t.name = 't'"
                    + " AND q.statement = '"
                    + count.replace("'", "''")
                    + "' ORDER BY q.id DESC")
            .get(0);
    assertTrue(
        ((Number) scanned.get(0)).longValue() <= 2L * ((Number) scanned.get(1)).longValue(),
        scanned.toString());
    assertFalse(query("SELECT * FROM t WHERE name = 'single'").isEmpty());
  }
}
