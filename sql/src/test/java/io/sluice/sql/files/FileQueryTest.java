package io.sluice.sql.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files queried in place with the read_* table functions, wasm calls pushed into their scans. */
class FileQueryTest {
  private static final Path MODULES =
      Path.of("..", "examples", "udfs").toAbsolutePath().normalize();

  @TempDir Path directory;
  private Connection connection;

  @BeforeEach
  void writeFiles() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      for (int part = 0; part < 3; part++) {
        s.execute(
            "COPY (SELECT i::BIGINT AS id, 'https://host' || (i % 5) || '.example.com/p/' || i AS"
                + " url, (i % 7)::INTEGER AS status, TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE"
                + " AS ts FROM range("
                + part * 10000
                + ", "
                + (part + 1) * 10000
                + ") r(i)) TO '"
                + directory.resolve("logs-" + part + ".parquet")
                + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
      }
      s.execute(
          "COPY (SELECT * FROM read_parquet('"
              + directory
              + "/logs-*.parquet')) TO '"
              + directory.resolve("logs.csv")
              + "' (HEADER)");
    }
    connection =
        DriverManager.getConnection(
            "jdbc:sluice:"
                + directory.resolve("data")
                + ";modules="
                + MODULES
                + ";files="
                + directory);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
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
  void countsAndFiltersParquetFilesInPlace() throws SQLException {
    assertEquals(
        List.of(List.of(30000L)), query("SELECT COUNT(*) FROM read_parquet('logs-*.parquet')"));
    assertEquals(
        List.of(List.of(4286L)),
        query("SELECT COUNT(*) FROM read_parquet('logs-*.parquet') WHERE status = 3"));
    assertEquals(
        List.of(List.of(100L)),
        query("SELECT COUNT(*) FROM read_csv('logs.csv') WHERE id >= 29900"));
  }

  @Test
  void wasmFunctionsRunInTheFileScan() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE FUNCTION url_host USING WASM FROM 'strings.wasm'");
    }
    List<List<Object>> rows =
        query(
            "SELECT url_host(url) AS host, COUNT(*) FROM read_parquet('logs-*.parquet')"
                + " GROUP BY url_host(url) ORDER BY host");
    assertEquals(5, rows.size());
    assertEquals(List.of("host0.example.com", 6000L), rows.get(0));
    String plan =
        query(
                "EXPLAIN PLAN FOR SELECT url_host(url) AS host, COUNT(*) FROM"
                    + " read_parquet('logs-*.parquet') WHERE id > 100 GROUP BY url_host(url)")
            .get(0)
            .get(0)
            .toString();
    assertTrue(plan.contains("format=[parquet], files=[3]"), plan);
    assertTrue(plan.contains("ShardAggregate"), plan);
  }

  @Test
  void namedOptionsReachTheReader() throws Exception {
    java.nio.file.Files.writeString(directory.resolve("t.tsv"), "a\tb\n1\tx\n2\tNA\n");
    assertEquals(
        List.of(java.util.Arrays.asList(1L, "x"), java.util.Arrays.asList(2L, null)),
        query(
            "SELECT a, b FROM read_csv('t.tsv', delimiter => '\\t', header => true,"
                + " nullstr => 'NA') ORDER BY a"));
    assertEquals(
        List.of(List.of(2L)),
        query("SELECT COUNT(*) FROM read_csv('t.tsv', header => false) WHERE column0 <> 'a'"));
  }

  @Test
  void parquetRowGroupsArePrunedAndExplainAnalyzeSaysSo() throws Exception {
    String sql = "SELECT COUNT(*) FROM read_parquet('logs-*.parquet') WHERE id >= 29000";
    assertEquals(List.of(List.of(1000L)), query(sql));
    String plan =
        String.join(
            "\n", query("EXPLAIN PLAN FOR " + sql).stream().map(r -> r.get(0).toString()).toList());
    assertTrue(plan.contains("prunes=[[id >= 29000]]"), plan);
    String analyzed =
        String.join(
            "\n", query("EXPLAIN ANALYZE " + sql).stream().map(r -> r.get(0).toString()).toList());
    // Three files of 10,000 ids in row groups of 2,048 (5 each): only the last group of the third
    // file (28,192 to 29,999) can hold an id >= 29,000; the other 14 are skipped by statistics.
    assertTrue(analyzed.contains("1 row groups read, 14 skipped by statistics"), analyzed);
    assertTrue(analyzed.contains("1,000 rows scanned"), analyzed);
  }

  @Test
  void aColumnOfANestedTypeIsLeftOutOfAQueryWithANotice() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute(
          "COPY (SELECT i::BIGINT AS id, [i, i + 1] AS pair FROM range(5) r(i)) TO '"
              + directory.resolve("nested.parquet")
              + "' (FORMAT parquet)");
    }
    io.sluice.sql.SluiceDriver.takeNotices();
    assertEquals(
        List.of(List.of(5L, 10L)),
        query("SELECT COUNT(*), SUM(id) FROM read_parquet('nested.parquet')"));
    List<String> notices = io.sluice.sql.SluiceDriver.takeNotices();
    assertTrue(
        notices.contains(
            "nested.parquet: column 'pair' is a LIST and is left out: Sluice cannot store it"),
        notices.toString());
    // A load stores every column or fails: it does not drop data quietly.
    SQLException load =
        org.junit.jupiter.api.Assertions.assertThrows(
            SQLException.class, () -> query("CREATE TABLE n FROM 'nested.parquet'"));
    assertTrue(load.getMessage().contains("column 'pair' is a LIST"), load.getMessage());
  }
}
