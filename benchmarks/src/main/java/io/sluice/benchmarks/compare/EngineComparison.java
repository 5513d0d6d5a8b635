package io.sluice.benchmarks.compare;

import io.sluice.benchmarks.load.EventFiles;
import io.sluice.examples.ExampleUdfs;
import io.sluice.testkit.tpch.ResultRows;
import io.sluice.testkit.tpch.Tpch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine's scoreboard: the same statements on the same data, on Sluice and on DuckDB in this
 * JVM, timed alternately, results checked equal, one ratio table printed.
 *
 * <p>Data: TPC-H at a scale factor (generated once by {@code io.trino.tpch} into {@code '|'} files
 * both engines load with {@code COPY}) and the demo's {@code events} (Parquet written by DuckDB,
 * loaded by both). Sluice stores its tables in a fresh RocksDB store (4 shards, distributed by each
 * table's key); DuckDB in memory. Functions: the example wasm modules for Sluice, the same formulas
 * in DuckDB's SQL.
 *
 * <p>Timing: each statement runs twice per engine to warm up (the first results are compared), then
 * {@code --runs} times per engine, alternating Sluice and DuckDB so both see the same machine
 * state; the table shows medians and their ratio (Sluice / DuckDB: below 1 Sluice is faster). A
 * statement whose first Sluice run exceeds {@code --slow} seconds is timed once.
 *
 * <pre>
 * java -Xmx12g --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.compare.EngineComparison \
 *   [--tpch-scale 1] [--events 10000000] [--runs 5] [--slow 120] [--only tpch|events|overhead]
 *   [--queries 5,7,17]
 * </pre>
 */
public final class EngineComparison {
  private final Options options;
  private final Connection sluice;
  private final Connection duck;
  private final List<Row> rows = new ArrayList<>();

  private EngineComparison(Options options, Connection sluice, Connection duck) {
    this.options = options;
    this.sluice = sluice;
    this.duck = duck;
  }

  /**
   * Runs the comparison.
   *
   * @param args the options above
   * @throws Exception if an engine fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path store = Files.createTempDirectory("sluice-compare");
    System.out.println(machine());
    try (Connection sluice = DriverManager.getConnection("jdbc:sluice:" + store.resolve("data"));
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      EngineComparison comparison = new EngineComparison(options, sluice, duck);
      if (options.includes("overhead")) {
        comparison.overhead();
      }
      if (options.includes("events")) {
        comparison.events();
      }
      if (options.includes("tpch")) {
        comparison.tpch();
      }
      comparison.print();
      System.out.println("load average after: " + loadAverage());
    } finally {
      delete(store);
    }
  }

  private void tpch() throws SQLException {
    Path files =
        Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-tpch-sf" + options.scale);
    Map<String, Path> tables = new LinkedHashMap<>();
    if (Files.exists(files.resolve("complete"))) {
      for (String table : Tpch.TABLES) {
        tables.put(table, files.resolve(table + ".csv"));
      }
    } else {
      tables = Tpch.writeFiles(options.scale, files);
      touch(files.resolve("complete"));
    }
    long sluiceLoad = 0;
    long duckLoad = 0;
    for (Map.Entry<String, Path> table : tables.entrySet()) {
      String name = table.getKey();
      String path = table.getValue().toString();
      sluiceLoad +=
          timed(
              sluice,
              Tpch.createTable(name, "DISTRIBUTED BY (" + Tpch.keyColumn(name) + ") SHARDS 4"),
              "COPY " + name + " FROM '" + path + "' WITH (delimiter = '|', header)");
      duckLoad +=
          timed(
              duck,
              Tpch.createTable(name, ""),
              "COPY " + name + " FROM '" + path + "' (DELIMITER '|', HEADER)");
    }
    rows.add(new Row("TPC-H SF " + options.scale + " load", sluiceLoad / 1e6, duckLoad / 1e6, ""));
    for (int q = 1; q <= Tpch.QUERIES; q++) {
      if (!options.query(q)) {
        continue;
      }
      String sql = Tpch.query(q);
      compare("TPC-H Q" + q, sql, sql, Tpch.ordered(sql));
    }
  }

  private void events() throws SQLException {
    Path files = EventFiles.of(options.events);
    String parquet = files.resolve("events.parquet").toString();
    long sluiceLoad =
        timed(
            sluice,
            "CREATE TABLE events (id BIGINT NOT NULL, ts TIMESTAMP, user_id INTEGER, country"
                + " VARCHAR, url VARCHAR, status SMALLINT, latency_ms DOUBLE, lat DOUBLE, lon"
                + " DOUBLE, message VARCHAR, price DECIMAL(12, 2), event_date DATE)"
                + " DISTRIBUTED BY (id) SHARDS 4",
            "COPY events FROM '" + parquet + "'",
            function("haversine", "geo"),
            function("url_host", "strings"));
    long duckLoad = timed(duck, "CREATE TABLE events AS FROM read_parquet('" + parquet + "')");
    rows.add(new Row("events " + options.events + " load", sluiceLoad / 1e6, duckLoad / 1e6, ""));
    compare(
        "events GROUP BY status",
        "SELECT status, COUNT(*), AVG(latency_ms) FROM events GROUP BY status",
        null,
        false);
    compare(
        "events haversine filter",
        "SELECT COUNT(*) FROM events WHERE haversine(lat, lon, 48.8566, 2.3522) < 1000",
        "SELECT COUNT(*) FROM (SELECT least(1, pow(sin(radians(48.8566 - lat) / 2), 2)"
            + " + cos(radians(lat)) * cos(radians(48.8566)) * pow(sin(radians(2.3522 - lon) / 2), 2))"
            + " AS a FROM events) WHERE 2 * 6371.0088 * atan2(sqrt(a), sqrt(1 - a)) < 1000",
        false);
    compare(
        "events url_host GROUP BY",
        "SELECT url_host(url) AS host, COUNT(*) FROM events GROUP BY url_host(url)",
        "SELECT lower(regexp_extract(url, '://([^/:?#]+)', 1)) AS host, COUNT(*) FROM events"
            + " GROUP BY host",
        false);
    compare("events point lookup (id)", "SELECT * FROM events WHERE id = 123456", null, false);
  }

  private static String function(String name, String module) {
    return "CREATE OR REPLACE FUNCTION "
        + name
        + " USING WASM FROM BASE64 '"
        + Base64.getEncoder().encodeToString(ExampleUdfs.module(module))
        + "'";
  }

  /**
   * The fixed cost of a statement: {@code SELECT 1} as a new JDBC statement each time, in process
   * (Sluice's plan cache serves the repeats, as it serves every repeated statement here).
   */
  private void overhead() throws SQLException {
    int count = 2_000;
    double[] perEngine = new double[2];
    Connection[] engines = {sluice, duck};
    for (int round = 0; round < 3; round++) {
      for (int e = 0; e < 2; e++) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          try (Statement s = engines[e].createStatement();
              ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
          }
        }
        perEngine[e] = (System.nanoTime() - start) / 1e6 / count;
      }
    }
    rows.add(new Row("SELECT 1 (per statement, repeated)", perEngine[0], perEngine[1], "equal"));
  }

  /**
   * Times one statement on both engines (DuckDB's text when the dialects differ) and records the
   * medians and whether the results were equal.
   */
  private void compare(String name, String sluiceSql, String duckSql, boolean ordered)
      throws SQLException {
    String peer = duckSql == null ? sluiceSql : duckSql;
    System.out.printf(Locale.ROOT, "%s ...%n", name);
    long first = System.nanoTime();
    List<List<Object>> actual;
    try {
      actual = ResultRows.read(sluice, sluiceSql);
    } catch (SQLException e) {
      rows.add(new Row(name, Double.NaN, Double.NaN, "fails: " + firstLine(e)));
      return;
    }
    double firstSeconds = (System.nanoTime() - first) / 1e9;
    List<List<Object>> expected = ResultRows.read(duck, peer);
    String difference = ResultRows.difference(expected, actual, ordered);
    String check = difference == null ? "equal" : "DIFFERS: " + difference;
    int runs = firstSeconds > options.slowSeconds ? 1 : options.runs;
    if (runs > 1) {
      ResultRows.read(sluice, sluiceSql);
      ResultRows.read(duck, peer);
    }
    double[] sluiceMs = new double[runs];
    double[] duckMs = new double[runs];
    for (int run = 0; run < runs; run++) {
      sluiceMs[run] = millis(sluice, sluiceSql);
      duckMs[run] = millis(duck, peer);
    }
    rows.add(
        new Row(name, median(sluiceMs), median(duckMs), runs == 1 ? check + " (1 run)" : check));
  }

  private static double millis(Connection connection, String sql) throws SQLException {
    long start = System.nanoTime();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int c = 1; c <= columns; c++) {
          r.getObject(c);
        }
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static long timed(Connection connection, String... statements) throws SQLException {
    long start = System.nanoTime();
    try (Statement s = connection.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    return System.nanoTime() - start;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void print() {
    System.out.println();
    System.out.println("| statement | Sluice ms | DuckDB ms | Sluice / DuckDB | results |");
    System.out.println("|---|---:|---:|---:|---|");
    double logSum = 0;
    int tpch = 0;
    double worst = 0;
    for (Row row : rows) {
      double ratio = row.sluiceMs / row.duckMs;
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s |%n",
          row.name,
          format(row.sluiceMs),
          format(row.duckMs),
          Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio),
          row.check);
      if (row.name.startsWith("TPC-H Q") && !Double.isNaN(ratio)) {
        logSum += Math.log(ratio);
        tpch++;
        worst = Math.max(worst, ratio);
      }
    }
    if (tpch > 0) {
      System.out.printf(
          Locale.ROOT,
          "%nTPC-H: geometric mean of Sluice / DuckDB over %d queries %.2fx, worst %.2fx%n",
          tpch,
          Math.exp(logSum / tpch),
          worst);
    }
  }

  private static String format(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return millis >= 100
        ? String.format(Locale.ROOT, "%,.0f", millis)
        : String.format(Locale.ROOT, "%.2f", millis);
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "machine: %d cores (%s), JVM %s, max heap %d MiB, load average before: %s",
        runtime.availableProcessors(),
        cpuModel(),
        System.getProperty("java.version"),
        runtime.maxMemory() >> 20,
        loadAverage());
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }

  private static String loadAverage() {
    return String.format(
        Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private record Row(String name, double sluiceMs, double duckMs, String check) {}

  private record Options(
      double scale, int events, int runs, double slowSeconds, String only, String queries) {
    static Options parse(String[] args) {
      double scale = 1;
      int events = 10_000_000;
      int runs = 5;
      double slow = 120;
      String only = "";
      String queries = "";
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--tpch-scale" -> scale = Double.parseDouble(value);
          case "--events" -> events = Integer.parseInt(value);
          case "--runs" -> runs = Integer.parseInt(value);
          case "--slow" -> slow = Double.parseDouble(value);
          case "--only" -> only = value;
          case "--queries" -> queries = value;
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --tpch-scale, --events, --runs, --slow, --only, --queries");
        }
        i++;
      }
      return new Options(scale, events, runs, slow, only, queries);
    }

    /**
     * Whether TPC-H query {@code q} runs: all of them unless {@code --queries 5,7,17} names some.
     */
    boolean query(int q) {
      return queries.isEmpty() || Arrays.asList(queries.split(",")).contains(Integer.toString(q));
    }

    boolean includes(String part) {
      return only.isEmpty() || Arrays.asList(only.split(",")).contains(part);
    }
  }
}
