package io.sluice.sql.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sql.SluiceDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics kept by bulk writes and {@code ANALYZE}, through SQL on a real store. */
class StatisticsSqlTest {
  @TempDir Path directory;

  private Path csv(int rows) throws Exception {
    StringBuilder text = new StringBuilder("id,grp,name\n");
    for (int i = 0; i < rows; i++) {
      text.append(i).append(',').append(i % 10).append(',');
      text.append(i % 4 == 0 ? "" : "n" + (i % 500)).append('\n');
    }
    Path file = directory.resolve("rows.csv");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void loadsKeepStatisticsAndAnalyzeRefreshesThem() throws Exception {
    Path file = csv(20_000);
    String url = "jdbc:sluice:" + directory.resolve("data");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT, grp INTEGER, name VARCHAR)");
      s.execute("COPY t FROM '" + file + "'");
      TableStatistics loaded = SluiceDriver.engine(c).statistics().find("t").orElseThrow();
      assertEquals(20_000, loaded.rows());
      assertEquals(20_000, loaded.column("id").orElseThrow().distinct(), 600);
      assertEquals(10, loaded.column("grp").orElseThrow().distinct(), 0.5);
      assertEquals(5_000, loaded.column("name").orElseThrow().nulls());
      assertEquals(375, loaded.column("name").orElseThrow().distinct(), 12);

      // A small INSERT leaves them alone; ANALYZE reads the table again.
      s.execute("INSERT INTO t VALUES (-1, 99, 'new')");
      assertEquals(20_000, SluiceDriver.engine(c).statistics().find("t").orElseThrow().rows());
      assertEquals(20_001, s.executeUpdate("ANALYZE t"));
      TableStatistics analyzed = SluiceDriver.engine(c).statistics().find("t").orElseThrow();
      assertEquals(20_001, analyzed.rows());
      assertEquals(11, analyzed.column("grp").orElseThrow().distinct(), 0.5);

      // A second COPY merges its rows into the statistics.
      s.execute("COPY t FROM '" + file + "'");
      TableStatistics merged = SluiceDriver.engine(c).statistics().find("t").orElseThrow();
      assertEquals(40_001, merged.rows());
      assertEquals(10_000, merged.column("name").orElseThrow().nulls());
      assertEquals(20_001, merged.column("id").orElseThrow().distinct(), 600);
    }
    // They are stored: a new engine on the directory finds them.
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertEquals(40_001, SluiceDriver.engine(c).statistics().find("t").orElseThrow().rows());
      s.execute("DROP TABLE t");
      assertFalse(SluiceDriver.engine(c).statistics().find("t").isPresent());
      s.execute("CREATE TABLE t (id BIGINT)");
      assertFalse(SluiceDriver.engine(c).statistics().find("t").isPresent());
    }
  }

  @Test
  void analyzeNamesAMissingTable() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE a (x INTEGER)");
      s.execute("INSERT INTO a VALUES (1), (2), (2)");
      SQLException e = assertThrows(SQLException.class, () -> s.execute("ANALYZE TABLE a, nope"));
      assertTrue(e.getMessage().contains("table nope does not exist"), e.getMessage());
      assertEquals(3, s.executeUpdate("ANALYZE"));
      try (java.sql.ResultSet r =
          s.executeQuery(
              "SELECT column_name, row_count, null_count, distinct_count FROM sys.column_stats"
                  + " WHERE table_name = 'a'")) {
        assertTrue(r.next());
        assertEquals("x", r.getString(1));
        assertEquals(3, r.getLong(2));
        assertEquals(0, r.getLong(3));
        assertEquals(2, r.getLong(4));
        assertFalse(r.next());
      }
      assertEquals(
          2,
          SluiceDriver.engine(c)
              .statistics()
              .find("a")
              .orElseThrow()
              .column("x")
              .orElseThrow()
              .distinct(),
          0.5);
    }
  }
}
