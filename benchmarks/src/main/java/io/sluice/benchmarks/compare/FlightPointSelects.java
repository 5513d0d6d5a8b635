package io.sluice.benchmarks.compare;

import io.sluice.benchmarks.load.EventFiles;
import io.sluice.server.ServerConfig;
import io.sluice.server.SluiceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Point selects on the distribution key over Arrow Flight SQL, as an application's clients send
 * them: one server on loopback, the demo's {@code events} (4 shards, distributed by {@code id}),
 * then one client alone and 16 clients at once, each with its own connection, each sending {@code
 * SELECT * FROM events WHERE id = <random id>}, first as a new statement text each call, then as
 * one prepared statement {@code ... WHERE id = ?} per client with the id bound each call, reading
 * every batch. A call's latency runs from the request to the last batch read.
 *
 * <pre>
 * java -Xmx8g --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.compare.FlightPointSelects \
 *   [rows, default 10000000] [seconds per phase, default 20]
 * </pre>
 */
public final class FlightPointSelects {
  private FlightPointSelects() {}

  /**
   * @param args rows and seconds per phase
   * @throws Exception if the server or a client fails
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path files = EventFiles.of(rows);
    Path data = Files.createTempDirectory("sluice-point-selects");
    try (SluiceServer server =
            SluiceServer.start(
                ServerConfig.parse(
                    Map.of(
                        "data",
                        data.toString(),
                        "port",
                        "0",
                        "http.port",
                        "0",
                        "files.roots",
                        files.toString()),
                    data));
        BufferAllocator allocator = new RootAllocator()) {
      Location location = Location.forGrpcInsecure("127.0.0.1", server.flightPort());
      try (FlightClient client = FlightClient.builder(allocator, location).build()) {
        FlightSqlClient sql = new FlightSqlClient(client);
        sql.executeUpdate(
            "CREATE TABLE events (id BIGINT NOT NULL, ts TIMESTAMP, user_id INTEGER, country"
                + " VARCHAR, url VARCHAR, status SMALLINT, latency_ms DOUBLE, lat DOUBLE, lon"
                + " DOUBLE, message VARCHAR, price DECIMAL(12, 2), event_date DATE)"
                + " DISTRIBUTED BY (id) SHARDS 4");
        sql.executeUpdate("COPY events FROM '" + files.resolve("events.parquet") + "'");
      }
      System.out.printf(
          Locale.ROOT,
          "machine: %d cores, load average before: %.2f%n",
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      phase(allocator, location, rows, 1, 3, false); // warm-up
      phase(allocator, location, rows, 1, 3, true);
      System.out.println("| statement | clients | calls | calls/s | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (boolean prepared : new boolean[] {false, true}) {
        for (int clients : new int[] {1, 16}) {
          phase(allocator, location, rows, clients, seconds, prepared).print(clients, prepared);
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(data)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Result(double[] latenciesMs, double seconds) {
    void print(int clients, boolean prepared) {
      double[] sorted = latenciesMs.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f |%n",
          prepared ? "prepared, `id = ?`" : "new text each call",
          clients,
          sorted.length,
          sorted.length / seconds,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
  }

  private static Result phase(
      BufferAllocator allocator,
      Location location,
      int rows,
      int clients,
      int seconds,
      boolean prepared)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Double>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long seed = c;
      futures.add(
          pool.submit(
              () -> {
                List<Double> latencies = new ArrayList<>();
                SplittableRandom random = new SplittableRandom(seed);
                try (FlightClient client = FlightClient.builder(allocator, location).build();
                    BigIntVector parameter = new BigIntVector("id", allocator);
                    VectorSchemaRoot parameters = VectorSchemaRoot.of(parameter)) {
                  FlightSqlClient sql = new FlightSqlClient(client);
                  FlightSqlClient.PreparedStatement statement =
                      prepared ? sql.prepare("SELECT * FROM events WHERE id = ?") : null;
                  while (System.nanoTime() < end) {
                    long id = random.nextInt(rows);
                    long t0 = System.nanoTime();
                    FlightInfo info;
                    if (prepared) {
                      parameter.setSafe(0, id);
                      parameters.setRowCount(1);
                      statement.setParameters(parameters);
                      info = statement.execute();
                    } else {
                      info = sql.execute("SELECT * FROM events WHERE id = " + id);
                    }
                    long found = 0;
                    try (FlightStream stream =
                        sql.getStream(info.getEndpoints().get(0).getTicket())) {
                      while (stream.next()) {
                        found += stream.getRoot().getRowCount();
                      }
                    }
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    if (found != 1) {
                      throw new IllegalStateException("id " + id + " found " + found + " rows");
                    }
                  }
                  if (statement != null) {
                    statement.close();
                  }
                }
                return latencies;
              }));
    }
    List<Double> all = new ArrayList<>();
    for (Future<List<Double>> future : futures) {
      all.addAll(future.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Result(all.stream().mapToDouble(Double::doubleValue).toArray(), elapsed);
  }
}
