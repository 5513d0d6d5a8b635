package io.sluice.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Loading a file of the demo's {@code events} into a new table, Sluice against DuckDB, each with
 * the statement its users would write: {@code CREATE TABLE events FROM 'events.csv'} and DuckDB's
 * {@code CREATE TABLE events AS FROM read_csv('events.csv')}, schema inferred by both. Both engines
 * persist to a database on the same disk (DuckDB to a file database, Sluice to its RocksDB store
 * with its default durability, every commit fsynced); one operation loads every row into a table
 * dropped before the next one (outside the measured time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class FileLoadBenchmark {
  @Param({"10000000"})
  public int rows;

  @Param({"csv", "parquet"})
  public String format;

  private Path files;
  private Path databases;
  private Connection sluice;
  private Connection duck;
  private Connection loaded;

  /** Writes the files once (reused across runs) and opens both engines on empty databases. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    files = EventFiles.of(rows);
    databases = Files.createTempDirectory("sluice-load-bench");
    sluice =
        DriverManager.getConnection(
            "jdbc:sluice:" + databases.resolve("sluice") + ";files=" + files);
    duck = DriverManager.getConnection("jdbc:duckdb:" + databases.resolve("duck.db"));
    System.out.printf(
        Locale.ROOT,
        "%n%s: %.1f MB for %,d rows%n",
        file(),
        EventFiles.megabytes(files.resolve(file())),
        rows);
  }

  private String file() {
    return "events." + format;
  }

  /** Drops the last operation's tables, outside the measured time. */
  @Setup(Level.Invocation)
  public void dropTables() throws SQLException {
    try (Statement s = sluice.createStatement()) {
      s.execute("DROP TABLE IF EXISTS events");
    }
    try (Statement s = duck.createStatement()) {
      s.execute("DROP TABLE IF EXISTS events");
      s.execute("CHECKPOINT");
    }
  }

  /** Checks that the last operation loaded every row, outside the measured time. */
  @TearDown(Level.Invocation)
  public void checkRows() throws SQLException {
    if (loaded != null) {
      checkCount(loaded, "events", rows);
      loaded = null;
    }
  }

  static void checkCount(Connection connection, String table, long rows) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet count = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      count.next();
      if (count.getLong(1) != rows) {
        throw new IllegalStateException(
            connection.getMetaData().getURL()
                + " holds "
                + count.getLong(1)
                + " rows in "
                + table
                + ", not "
                + rows);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    sluice.close();
    duck.close();
    try (Stream<Path> paths = Files.walk(databases)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Sluice: {@code CREATE TABLE events FROM 'events.csv'} (or Parquet). */
  @Benchmark
  public long sluice() throws SQLException {
    loaded = sluice;
    try (Statement s = sluice.createStatement()) {
      return s.executeLargeUpdate("CREATE TABLE events FROM '" + file() + "'");
    }
  }

  /** DuckDB: {@code CREATE TABLE events AS FROM read_csv('events.csv')} (or read_parquet). */
  @Benchmark
  public long duckdb() throws SQLException {
    loaded = duck;
    try (Statement s = duck.createStatement()) {
      String reader = format.equals("csv") ? "read_csv" : "read_parquet";
      return s.executeLargeUpdate(
          "CREATE TABLE events AS FROM " + reader + "('" + files.resolve(file()) + "')");
    }
  }
}
