package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floating-point sums merged from shards come out the same on every run: partial states are merged
 * in shard order, not in the order shards finish.
 */
class DeterministicSumTest {
  @TempDir Path directory;

  @Test
  void aDoubleSumIsTheSameEveryRunAndEqualsItself() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT, g INTEGER, x DOUBLE) DISTRIBUTED BY (id) SHARDS 4");
      StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
      for (int i = 0; i < 4000; i++) {
        // Magnitudes far apart, so the order of additions changes the rounded result.
        double x = (i % 3 == 0 ? 1e15 : 0.1) * (1 + i % 7) * (i % 2 == 0 ? 1 : -1) + i * 1e-3;
        insert.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(i % 5);
        insert.append(", ").append(x).append(')');
      }
      s.execute(insert.toString());
      String sql = "SELECT g, SUM(x) FROM t GROUP BY g ORDER BY g";
      List<String> first = rows(s, sql);
      for (int run = 0; run < 40; run++) {
        assertEquals(first, rows(s, sql), "run " + run);
      }
      // The same sum computed twice in one statement compares equal (TPC-H Q15's shape).
      String twice =
          "WITH r AS (SELECT g, SUM(x) AS total FROM t GROUP BY g)"
              + " SELECT COUNT(*) FROM r WHERE total = (SELECT MAX(total) FROM r)";
      for (int run = 0; run < 20; run++) {
        assertEquals(List.of("1"), rows(s, twice), "run " + run);
      }
    }
  }

  private static List<String> rows(Statement s, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int col = 1; col <= columns; col++) {
          row.append(col == 1 ? "" : "|").append(r.getString(col));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
