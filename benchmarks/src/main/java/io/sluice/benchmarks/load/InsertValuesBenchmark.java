package io.sluice.benchmarks.load;

import io.sluice.cli.DemoEvents;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1,000 rows of the demo's {@code events} per statement, appended to a table through embedded JDBC
 * (Sluice) and DuckDB's JDBC driver (a file database), as an application without a bulk API would
 * write them: one {@code INSERT ... VALUES} with 1,000 literal rows, or a prepared {@code INSERT}
 * with 1,000 {@code addBatch} calls and one {@code executeBatch}. Each operation is one row (the
 * statement counts as 1,000 operations), so the score reads as rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class InsertValuesBenchmark {
  static final int ROWS = 1_000;

  static final String COLUMNS =
      "id BIGINT NOT NULL, ts TIMESTAMP, user_id INT, country VARCHAR, url VARCHAR, status"
          + " SMALLINT, latency_ms DOUBLE, lat DOUBLE, lon DOUBLE, message VARCHAR, price"
          + " DECIMAL(12,2), event_date DATE";

  /** The JDBC types of {@link #COLUMNS}, for NULLs. */
  private static final int[] SQL_TYPES = {
    Types.BIGINT,
    Types.TIMESTAMP,
    Types.INTEGER,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.SMALLINT,
    Types.DOUBLE,
    Types.DOUBLE,
    Types.DOUBLE,
    Types.VARCHAR,
    Types.DECIMAL,
    Types.DATE
  };

  private Path databases;
  private Connection sluice;
  private Connection duck;
  private String insertValues;
  private List<Object[]> rows;
  private PreparedStatement sluiceInsert;
  private PreparedStatement duckInsert;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch = DemoEvents.batch(allocator, EventFiles.SEED, 0, ROWS)) {
      rows = rows(batch);
    }
    insertValues = insertValues(rows);
    try {
      databases = Files.createTempDirectory("sluice-insert-bench");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    sluice = DriverManager.getConnection("jdbc:sluice:" + databases.resolve("sluice"));
    duck = DriverManager.getConnection("jdbc:duckdb:" + databases.resolve("duck.db"));
    for (Connection connection : List.of(sluice, duck)) {
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE events (" + COLUMNS + ")");
      }
    }
    String insert = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sluiceInsert = sluice.prepareStatement(insert);
    duckInsert = duck.prepareStatement(insert);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    sluiceInsert.close();
    duckInsert.close();
    sluice.close();
    duck.close();
    try (Stream<Path> paths = Files.walk(databases)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The batch's rows as JDBC values: Timestamp, Date, BigDecimal, String, numbers or null. */
  private static List<Object[]> rows(VectorSchemaRoot batch) {
    List<Object[]> rows = new ArrayList<>();
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int row = 0; row < batch.getRowCount(); row++) {
      Object[] values = new Object[vectors.size()];
      for (int c = 0; c < values.length; c++) {
        FieldVector vector = vectors.get(c);
        Object value = vector.isNull(row) ? null : vector.getObject(row);
        if (vector instanceof DateDayVector && value != null) {
          value = java.sql.Date.valueOf(LocalDate.ofEpochDay((Integer) value));
        } else if (value instanceof LocalDateTime time) {
          value = Timestamp.valueOf(time);
        } else if (value instanceof org.apache.arrow.vector.util.Text text) {
          value = text.toString();
        }
        values[c] = value;
      }
      rows.add(values);
    }
    return rows;
  }

  /** One INSERT with every row as literals, in the SQL both engines accept. */
  private static String insertValues(List<Object[]> rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO events VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      Object[] values = rows.get(r);
      for (int c = 0; c < values.length; c++) {
        sql.append(c == 0 ? "" : ", ").append(literal(values[c]));
      }
      sql.append(')');
    }
    return sql.toString();
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    } else if (value instanceof String text) {
      return "'" + text.replace("'", "''") + "'";
    } else if (value instanceof Timestamp time) {
      return "TIMESTAMP '" + time + "'";
    } else if (value instanceof java.sql.Date date) {
      return "DATE '" + date + "'";
    } else if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sluiceInsertValues() throws SQLException {
    try (Statement s = sluice.createStatement()) {
      return s.executeUpdate(insertValues);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int duckdbInsertValues() throws SQLException {
    try (Statement s = duck.createStatement()) {
      return s.executeUpdate(insertValues);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sluiceExecuteBatch() throws SQLException {
    return executeBatch(sluiceInsert);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int duckdbExecuteBatch() throws SQLException {
    return executeBatch(duckInsert);
  }

  private int executeBatch(PreparedStatement insert) throws SQLException {
    for (Object[] values : rows) {
      for (int c = 0; c < values.length; c++) {
        if (values[c] == null) {
          insert.setNull(c + 1, SQL_TYPES[c]);
        } else {
          insert.setObject(c + 1, values[c]);
        }
      }
      insert.addBatch();
    }
    return insert.executeBatch().length;
  }
}
