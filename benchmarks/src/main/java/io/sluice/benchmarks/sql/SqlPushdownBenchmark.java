package io.sluice.benchmarks.sql;

import io.sluice.examples.ExampleUdfs;
import io.sluice.examples.reference.PredicateFunctions;
import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.QueryLog;
import io.sluice.storage.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A selective wasm filter over a large table, three ways: pushed to the shards (the filter runs per
 * batch next to the data, only matching rows move), evaluated on the coordinator (every row moves,
 * then the same wasm function runs over them in batches of 1,024 rows), and the same predicate as a
 * Java function in Calcite without pushdown (the plain-JVM baseline). Each operation runs the query
 * and reads every result row; after each iteration the rows and bytes that moved from shards to the
 * coordinator are printed from the engine's query log.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class SqlPushdownBenchmark {
  /** One IP in a hundred is private: the filter keeps about 1% of the rows. */
  static final int PRIVATE_PERCENT = 1;

  static final String QUERY = "SELECT id, bytes FROM hits WHERE %s(ip)";

  @Param({"10000000"})
  public int rows;

  private Path directory;
  private Connection pushed;
  private Connection local;
  private SluiceEngine engine;
  private long lastLogged;

  /** Stores the table once per trial and registers the wasm and the Java predicate. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("sluice-sql-bench");
    pushed = DriverManager.getConnection("jdbc:sluice:" + directory);
    local = DriverManager.getConnection("jdbc:sluice:" + directory + ";pushdown=false");
    engine = SluiceDriver.engine(pushed);
    try (Statement statement = pushed.createStatement()) {
      statement.execute(
          "CREATE TABLE hits (id BIGINT NOT NULL, ip VARCHAR, bytes BIGINT) SHARDS 4");
      statement.execute(
          "CREATE FUNCTION is_private_ip USING WASM FROM BASE64 '"
              + Base64.getEncoder().encodeToString(ExampleUdfs.module("predicates"))
              + "'");
    }
    load(engine.store().table("hits"), rows);
    SchemaPlus root = local.unwrap(CalciteConnection.class).getRootSchema();
    root.add(
        "java_is_private_ip", ScalarFunctionImpl.create(PredicateFunctions.class, "isPrivateIp"));
  }

  private void load(Table table, int count) {
    SplittableRandom random = new SplittableRandom(42);
    try (BufferAllocator allocator =
        engine.allocator().newChildAllocator("load", 0, Long.MAX_VALUE)) {
      for (int first = 0; first < count; first += 65_536) {
        int n = Math.min(65_536, count - first);
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(table.schema(), allocator)) {
          for (var vector : batch.getFieldVectors()) {
            vector.setInitialCapacity(n);
          }
          batch.allocateNew();
          BigIntVector id = (BigIntVector) batch.getVector(0);
          VarCharVector ip = (VarCharVector) batch.getVector(1);
          BigIntVector bytes = (BigIntVector) batch.getVector(2);
          for (int i = 0; i < n; i++) {
            id.set(i, first + i);
            String address =
                random.nextInt(100) < PRIVATE_PERCENT
                    ? "10." + random.nextInt(256) + "." + random.nextInt(256) + ".1"
                    : (11 + random.nextInt(180)) + "." + random.nextInt(256) + ".7." + i % 250;
            ip.setSafe(i, address.getBytes(StandardCharsets.UTF_8));
            bytes.set(i, random.nextInt(100_000));
          }
          batch.setRowCount(n);
          table.append(batch);
        }
      }
    }
  }

  /** The wasm filter runs on the shards, batch by batch; 1% of the rows move. */
  @Benchmark
  public long wasmFilterPushedToShards() throws SQLException {
    return drain(pushed, String.format(Locale.ROOT, QUERY, "is_private_ip"));
  }

  /** Every row moves to the coordinator, where the same wasm function filters batch by batch. */
  @Benchmark
  public long wasmFilterOnCoordinator() throws SQLException {
    return drain(local, String.format(Locale.ROOT, QUERY, "is_private_ip"));
  }

  /** Every row moves to the coordinator, where a Java function filters: the JVM baseline. */
  @Benchmark
  public long javaFilterOnCoordinator() throws SQLException {
    return drain(local, String.format(Locale.ROOT, QUERY, "java_is_private_ip"));
  }

  private static long drain(Connection connection, String sql) throws SQLException {
    long sum = 0;
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      while (results.next()) {
        sum += results.getLong(2);
      }
    }
    return sum;
  }

  /** Prints what the iteration's queries moved, from the engine's query log. */
  @TearDown(Level.Iteration)
  public void report() {
    List<QueryLog.Entry> entries = engine.queryLog().entries();
    for (QueryLog.Entry entry : entries) {
      if (entry.id() > lastLogged) {
        System.out.printf(
            Locale.ROOT,
            "%n[moved] %s: %,d rows scanned, %,d rows and %,d bytes moved to the coordinator%n",
            entry.sql(),
            entry.stats().rowsScanned(),
            entry.stats().rowsMoved(),
            entry.stats().bytesMoved());
        lastLogged = entry.id();
      }
    }
  }

  /** Closes the connections and deletes the store. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    local.close();
    pushed.close();
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
