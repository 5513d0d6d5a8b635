package io.sluice.benchmarks.load;

import io.sluice.examples.ExampleUdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
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
 * Wasm functions over a Parquet file where it lies ({@code read_parquet('events.parquet')}) against
 * the same query over the table loaded from that file ({@code CREATE TABLE events FROM
 * 'events.parquet'}: default shards and compression). Two queries: a wasm filter ({@code in_bbox},
 * about 30% of the rows pass) counted, and a wasm projection grouped ({@code url_host}, every row).
 * Each operation runs the query and reads every result row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class FileQueryBenchmark {
  @Param({"10000000"})
  public int rows;

  @Param({"table", "parquet"})
  public String source;

  @Param({"wasm_filter", "wasm_group"})
  public String query;

  private Path databases;
  private Connection sluice;
  private String sql;

  @Setup(Level.Trial)
  public void setUp() throws SQLException, IOException {
    Path files = EventFiles.of(rows);
    databases = Files.createTempDirectory("sluice-file-query-bench");
    sluice =
        DriverManager.getConnection(
            "jdbc:sluice:" + databases.resolve("sluice") + ";files=" + files);
    try (Statement s = sluice.createStatement()) {
      for (String[] function :
          new String[][] {{"in_bbox", "predicates"}, {"url_host", "strings"}}) {
        s.execute(
            "CREATE FUNCTION "
                + function[0]
                + " USING WASM FROM BASE64 '"
                + Base64.getEncoder().encodeToString(ExampleUdfs.module(function[1]))
                + "'");
      }
      if (source.equals("table")) {
        s.execute("CREATE TABLE events FROM 'events.parquet'");
      }
    }
    String from = source.equals("table") ? "events" : "read_parquet('events.parquet')";
    sql =
        query.equals("wasm_filter")
            ? "SELECT COUNT(*) FROM " + from + " WHERE in_bbox(lat, lon, 45, -5, 55, 15)"
            : "SELECT url_host(url) AS host, COUNT(*) FROM " + from + " GROUP BY url_host(url)";
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    sluice.close();
    try (Stream<Path> paths = Files.walk(databases)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public long run() throws SQLException {
    long sum = 0;
    try (Statement s = sluice.createStatement();
        ResultSet result = s.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        sum += result.getLong(columns);
      }
    }
    return sum;
  }
}
