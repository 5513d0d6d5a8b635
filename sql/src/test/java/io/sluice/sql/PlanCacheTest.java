package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statement run again reuses its plan until the catalog it was planned against changes. */
class PlanCacheTest {
  @TempDir Path directory;

  /** Counts statements the planner converts on this thread (a cached one is not converted). */
  private static final class Plans implements AutoCloseable {
    final AtomicInteger count = new AtomicInteger();
    private final Hook.Closeable hook =
        Hook.CONVERTED.addThread(
            (java.util.function.Consumer<Object>) rel -> count.incrementAndGet());

    @Override
    public void close() {
      hook.close();
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aQueryRunAgainIsNotPlannedAgainButSeesNewRows() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement();
        Plans plans = new Plans()) {
      s.execute("CREATE TABLE t (id BIGINT, v INTEGER)");
      s.execute("INSERT INTO t VALUES (1, 10), (2, 20)");
      String sql = "SELECT SUM(v) FROM t WHERE id > 0";
      assertEquals(30, single(s, sql));
      assertEquals(1, plans.count.get());
      s.execute("INSERT INTO t VALUES (3, 30)");
      assertEquals(60, single(s, sql));
      try (PreparedStatement p = c.prepareStatement(sql)) {
        assertEquals(60, single(s, sql));
        try (ResultSet r = p.executeQuery()) {
          r.next();
          assertEquals(60, r.getLong(1));
        }
      }
      assertEquals(1, plans.count.get(), "the statement was planned again");

      // Parameters: one plan, any values.
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t WHERE v > ?")) {
        for (int bound : new int[] {0, 15, 25}) {
          p.setInt(1, bound);
          try (ResultSet r = p.executeQuery()) {
            r.next();
            assertEquals(bound == 0 ? 3 : bound == 15 ? 2 : 1, r.getLong(1));
          }
        }
      }
      assertEquals(2, plans.count.get());
    }
  }

  @Test
  void aChangedCatalogPlansAgain() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement();
        Plans plans = new Plans()) {
      s.execute("CREATE TABLE t (id BIGINT, v INTEGER)");
      s.execute("INSERT INTO t VALUES (1, 10)");
      String sql = "SELECT * FROM t";
      try (ResultSet r = s.executeQuery(sql)) {
        assertEquals(2, r.getMetaData().getColumnCount());
      }
      // The same name, other columns: the old plan must not run.
      s.execute("DROP TABLE t");
      s.execute("CREATE TABLE t (id BIGINT, v INTEGER, w VARCHAR)");
      s.execute("INSERT INTO t VALUES (1, 10, 'x')");
      try (ResultSet r = s.executeQuery(sql)) {
        assertEquals(3, r.getMetaData().getColumnCount());
        r.next();
        assertEquals("x", r.getString(3));
      }
      // Another table appearing is a catalog change too.
      s.execute("CREATE TABLE u (x INTEGER)");
      int before = plans.count.get();
      try (ResultSet r = s.executeQuery(sql)) {
        r.next();
      }
      assertEquals(before + 1, plans.count.get());
      // New statistics may change the best join order: plan again.
      s.execute("ANALYZE t");
      try (ResultSet r = s.executeQuery(sql)) {
        r.next();
      }
      assertEquals(before + 2, plans.count.get());
    }
  }

  @Test
  void filesReadInPlaceArePlannedEachTime() throws Exception {
    Path file = directory.resolve("f.csv");
    Files.writeString(file, "a,b\n1,2\n");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement()) {
      String sql = "SELECT * FROM read_csv('" + file + "')";
      try (ResultSet r = s.executeQuery(sql)) {
        assertEquals(2, r.getMetaData().getColumnCount());
      }
      Files.writeString(file, "a,b,c\n1,2,3\n");
      try (ResultSet r = s.executeQuery(sql)) {
        assertEquals(3, r.getMetaData().getColumnCount());
      }
    }
  }
}
