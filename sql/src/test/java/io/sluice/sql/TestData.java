package io.sluice.sql;

import io.sluice.sql.type.ValueWriter;
import io.sluice.storage.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Deterministic test tables loaded identically into Sluice (through its storage API, in Arrow
 * batches) and into a peer database (through JDBC), for differential tests.
 */
final class TestData {
  static final String EVENTS_DDL =
      "CREATE TABLE events (id BIGINT NOT NULL, grp INT, val BIGINT, amount DOUBLE,"
          + " price DECIMAL(10, 2), name VARCHAR, flag BOOLEAN, dt DATE, ts TIMESTAMP,"
          + " small SMALLINT)";
  static final String DIMS_DDL = "CREATE TABLE dims (grp INT, label VARCHAR, weight DOUBLE)";
  static final String[] NAMES = {"alpha", "beta", "bravo", "gamma", "delta", "émile", "zoë", ""};

  private TestData() {}

  /** Rows of {@code events} as Calcite values: DATE days, TIMESTAMP epoch milliseconds. */
  static List<Object[]> events(int rows) {
    Random random = new Random(42);
    List<Object[]> out = new ArrayList<>();
    long baseMillis = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    int baseDay = (int) LocalDate.of(2024, 1, 1).toEpochDay();
    for (int i = 0; i < rows; i++) {
      out.add(
          new Object[] {
            (long) i,
            maybe(random, random.nextInt(20)),
            maybe(random, (long) random.nextInt(1000) - 50),
            maybe(random, Math.round((random.nextDouble() * 200 - 20) * 1000) / 1000.0),
            maybe(random, BigDecimal.valueOf(random.nextInt(100_000), 2)),
            maybe(random, NAMES[random.nextInt(NAMES.length)]),
            maybe(random, random.nextBoolean()),
            maybe(random, baseDay + random.nextInt(120)),
            maybe(
                random, baseMillis + random.nextInt(90) * 86_400_000L + random.nextInt(86_400_000)),
            (short) random.nextInt(5)
          });
    }
    return out;
  }

  /** Rows of {@code dims}; groups 15..19 are missing and one label is NULL. */
  static List<Object[]> dims() {
    List<Object[]> out = new ArrayList<>();
    for (int g = 0; g < 15; g++) {
      out.add(new Object[] {g, g == 4 ? null : "g" + g, (g % 5) / 4.0});
    }
    out.add(new Object[] {null, "nogroup", 0.9});
    out.add(new Object[] {25, "g25", 0.1});
    return out;
  }

  private static <T> T maybe(Random random, T value) {
    return random.nextInt(100) < 7 ? null : value;
  }

  /** Appends rows to a Sluice table in batches of at most 3,000 rows. */
  static void loadSluice(Table table, List<Object[]> rows, BufferAllocator allocator) {
    for (int start = 0; start < rows.size(); start += 3000) {
      int end = Math.min(rows.size(), start + 3000);
      try (VectorSchemaRoot batch = VectorSchemaRoot.create(table.schema(), allocator)) {
        batch.allocateNew();
        ValueWriter[] writers = new ValueWriter[batch.getFieldVectors().size()];
        for (int c = 0; c < writers.length; c++) {
          writers[c] = ValueWriter.of(batch.getVector(c));
        }
        for (int r = start; r < end; r++) {
          Object[] row = rows.get(r);
          for (int c = 0; c < writers.length; c++) {
            writers[c].write(r - start, row[c]);
          }
        }
        batch.setRowCount(end - start);
        table.append(batch);
      }
    }
  }

  /** Inserts the same rows into a peer database through JDBC. */
  static void loadPeer(Connection peer, String table, List<Object[]> rows, String... types)
      throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" VALUES (");
    for (int c = 0; c < types.length; c++) {
      sql.append(c == 0 ? "?" : ", ?");
    }
    sql.append(")");
    try (PreparedStatement insert = peer.prepareStatement(sql.toString())) {
      for (Object[] row : rows) {
        for (int c = 0; c < types.length; c++) {
          insert.setObject(c + 1, peerValue(row[c], types[c]));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Object peerValue(Object value, String type) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case "DATE":
        return java.sql.Date.valueOf(LocalDate.ofEpochDay((Integer) value));
      case "TIMESTAMP":
        return java.sql.Timestamp.valueOf(
            LocalDateTime.ofEpochSecond(
                Math.floorDiv((Long) value, 1000L),
                (int) Math.floorMod((Long) value, 1000L) * 1_000_000,
                ZoneOffset.UTC));
      default:
        return value;
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
