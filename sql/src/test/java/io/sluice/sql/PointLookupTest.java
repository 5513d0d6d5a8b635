package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An equality on the distribution key reads the one shard that can hold the key. */
class PointLookupTest {
  @TempDir Path directory;

  private static long shardsOfLastQuery(Statement s) throws Exception {
    try (ResultSet r = s.executeQuery("SELECT shards FROM sys.queries ORDER BY id DESC LIMIT 1")) {
      assertTrue(r.next());
      return r.getLong(1);
    }
  }

  @Test
  void aKeyLookupReadsOneShard() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT, name VARCHAR) DISTRIBUTED BY (id) SHARDS 4");
      s.execute("CREATE TABLE u (code VARCHAR, n INTEGER) DISTRIBUTED BY (code) SHARDS 3");
      StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
      StringBuilder codes = new StringBuilder("INSERT INTO u VALUES ");
      for (int i = 0; i < 1000; i++) {
        insert
            .append(i == 0 ? "" : ", ")
            .append("(")
            .append(i)
            .append(", 'n")
            .append(i)
            .append("')");
        codes
            .append(i == 0 ? "" : ", ")
            .append("('c")
            .append(i)
            .append("', ")
            .append(i)
            .append(")");
      }
      s.execute(insert.toString());
      s.execute(codes.toString());

      for (int id : new int[] {0, 1, 2, 3, 123, 999}) {
        try (ResultSet r = s.executeQuery("SELECT name FROM t WHERE id = " + id)) {
          assertTrue(r.next());
          assertEquals("n" + id, r.getString(1));
          assertFalse(r.next());
        }
        assertEquals(1, shardsOfLastQuery(s));
      }
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t WHERE id = 5000")) {
        r.next();
        assertEquals(0, r.getLong(1));
      }
      // Parameters pick the shard when the statement runs.
      try (PreparedStatement p = c.prepareStatement("SELECT n FROM u WHERE code = ?")) {
        for (int i : new int[] {1, 77, 500}) {
          p.setString(1, "c" + i);
          try (ResultSet r = p.executeQuery()) {
            assertTrue(r.next());
            assertEquals(i, r.getInt(1));
          }
          assertEquals(1, shardsOfLastQuery(s));
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
        for (long id : new long[] {0, 5, 998}) {
          p.setLong(1, id);
          try (ResultSet r = p.executeQuery()) {
            assertTrue(r.next());
            assertEquals("n" + id, r.getString(1));
            assertFalse(r.next());
          }
          assertEquals(1, shardsOfLastQuery(s));
        }
        p.setNull(1, java.sql.Types.BIGINT);
        try (ResultSet r = p.executeQuery()) {
          assertFalse(r.next());
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t WHERE id < ?")) {
        p.setInt(1, 10);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          assertEquals(10, r.getLong(1));
        }
        assertEquals(4, shardsOfLastQuery(s));
      }
      try (ResultSet r = s.executeQuery("SELECT n FROM u WHERE code = 'c42'")) {
        r.next();
        assertEquals(42, r.getInt(1));
      }
      assertEquals(1, shardsOfLastQuery(s));
      // Anything but key equality reads every shard.
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t WHERE id < 10")) {
        r.next();
        assertEquals(10, r.getLong(1));
      }
      assertEquals(4, shardsOfLastQuery(s));
    }
  }
}
