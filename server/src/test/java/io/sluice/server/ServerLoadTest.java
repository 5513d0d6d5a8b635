package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.SluiceCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen Flight SQL clients for 60 s on loopback, each mixing wasm-function queries, metadata
 * calls and inserts: no call may fail, and the table must hold exactly the inserts the server
 * acknowledged. Latency percentiles and throughput go to {@code target/server-load.md} (the figures
 * in benchmarks/RESULTS.md come from there). {@code -Dsluice.load.seconds=N} changes the duration;
 * {@code -DexcludedGroups=load} skips it.
 */
@Tag("load")
class ServerLoadTest {
  private static final int CLIENTS = 16;
  private static final int DEMO_ROWS = 100_000;

  @TempDir Path data;

  private enum Kind {
    UDF_QUERY,
    METADATA,
    INSERT
  }

  private record Outcome(Map<Kind, long[]> latencies, long acknowledged, List<String> errors) {}

  @Test
  void sixteenClientsMixingQueriesMetadataAndInsertsLoseNothing() throws Exception {
    long seconds = Long.getLong("sluice.load.seconds", 60);
    int demo =
        SluiceCli.commandLine()
            .execute(
                "demo",
                "--data",
                data.toString(),
                "--rows",
                Integer.toString(DEMO_ROWS),
                "--udfs",
                RunningServer.REPOSITORY.resolve("examples/udfs").toString());
    assertEquals(0, demo, "the demo table is stored");
    Outcome outcome;
    long started;
    long elapsedNanos;
    long stored;
    try (RunningServer running = RunningServer.start(data, true, Map.of());
        BufferAllocator allocator = new RootAllocator()) {
      try (FlightClient client = client(allocator, running)) {
        CallOption token = login(client);
        FlightSqlClient sql = new FlightSqlClient(client);
        sql.executeUpdate(
            "CREATE TABLE load_inserts (client INT NOT NULL, seq BIGINT NOT NULL, note VARCHAR)",
            token);
      }
      started = System.nanoTime();
      outcome = run(allocator, running, TimeUnit.SECONDS.toNanos(seconds));
      elapsedNanos = System.nanoTime() - started;
      try (FlightClient client = client(allocator, running)) {
        CallOption token = login(client);
        FlightSqlClient sql = new FlightSqlClient(client);
        FlightInfo info = sql.execute("SELECT COUNT(*) AS n FROM load_inserts", token);
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
          assertTrue(stream.next());
          stored = ((BigIntVector) stream.getRoot().getVector(0)).get(0);
        }
      }
    }
    String report = report(outcome, elapsedNanos, stored);
    System.out.println(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "server-load.md"), report);
    assertEquals(List.of(), outcome.errors().stream().limit(10).toList(), "no call may fail");
    assertEquals(outcome.acknowledged(), stored, "every acknowledged insert is stored, no more");
    assertTrue(outcome.acknowledged() > 0 && outcome.latencies().get(Kind.UDF_QUERY).length > 0);
  }

  private static FlightClient client(BufferAllocator allocator, RunningServer running) {
    return FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", running.port()))
        .build();
  }

  private static CallOption login(FlightClient client) {
    return client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
  }

  private static Outcome run(BufferAllocator allocator, RunningServer running, long durationNanos)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch ready = new CountDownLatch(CLIENTS);
    List<Future<Map<Kind, List<Long>>>> results = new ArrayList<>();
    long[] acknowledged = new long[CLIENTS];
    long deadline = System.nanoTime() + durationNanos;
    for (int c = 0; c < CLIENTS; c++) {
      int id = c;
      results.add(
          pool.submit(
              () -> {
                Map<Kind, List<Long>> latencies = new EnumMap<>(Kind.class);
                for (Kind kind : Kind.values()) {
                  latencies.put(kind, new ArrayList<>());
                }
                SplittableRandom random = new SplittableRandom(id);
                try (FlightClient client = client(allocator, running)) {
                  CallOption token = login(client);
                  FlightSqlClient sql = new FlightSqlClient(client);
                  ready.countDown();
                  ready.await();
                  long seq = 0;
                  while (System.nanoTime() < deadline) {
                    Kind kind = pick(random);
                    long start = System.nanoTime();
                    try {
                      switch (kind) {
                        case UDF_QUERY -> drain(sql, udfQuery(random), token);
                        case METADATA -> metadata(sql, random, token);
                        case INSERT -> {
                          long updated =
                              sql.executeUpdate(
                                  "INSERT INTO load_inserts VALUES ("
                                      + id
                                      + ", "
                                      + seq
                                      + ", 'from client "
                                      + id
                                      + "')",
                                  token);
                          if (updated != 1) {
                            errors.add("insert acknowledged " + updated + " rows");
                          }
                          acknowledged[id] += updated;
                          seq++;
                        }
                      }
                      latencies.get(kind).add(System.nanoTime() - start);
                    } catch (RuntimeException e) {
                      errors.add(kind + ": " + e);
                    }
                  }
                }
                return latencies;
              }));
    }
    Map<Kind, List<Long>> all = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      all.put(kind, new ArrayList<>());
    }
    for (Future<Map<Kind, List<Long>>> result : results) {
      result
          .get(durationNanos / 1_000_000 + 120_000, TimeUnit.MILLISECONDS)
          .forEach((kind, list) -> all.get(kind).addAll(list));
    }
    pool.shutdown();
    Map<Kind, long[]> sorted = new EnumMap<>(Kind.class);
    all.forEach(
        (kind, list) -> {
          long[] values = list.stream().mapToLong(Long::longValue).toArray();
          Arrays.sort(values);
          sorted.put(kind, values);
        });
    return new Outcome(sorted, Arrays.stream(acknowledged).sum(), new ArrayList<>(errors));
  }

  /** 40% wasm queries, 30% metadata calls, 30% inserts. */
  private static Kind pick(SplittableRandom random) {
    int r = random.nextInt(10);
    return r < 4 ? Kind.UDF_QUERY : r < 7 ? Kind.METADATA : Kind.INSERT;
  }

  private static String udfQuery(SplittableRandom random) {
    if (random.nextBoolean()) {
      return "SELECT url_host(url) AS host, COUNT(*) AS n FROM events"
          + " WHERE status >= 500 GROUP BY url_host(url)";
    }
    long from = random.nextLong(DEMO_ROWS - 1_000);
    return "SELECT id, url_host(url) AS host, latency_ms FROM events WHERE id >= "
        + from
        + " AND id < "
        + (from + 1_000);
  }

  private static void metadata(FlightSqlClient sql, SplittableRandom random, CallOption token)
      throws Exception {
    switch (random.nextInt(3)) {
      case 0 -> drain(sql, sql.getTables(null, "sluice", null, null, true, token), token);
      case 1 -> drain(sql, sql.getSqlInfo(new int[0], token), token);
      default -> drain(sql, sql.getSchemas(null, null, token), token);
    }
  }

  private static void drain(FlightSqlClient sql, String query, CallOption token) throws Exception {
    drain(sql, sql.execute(query, token), token);
  }

  private static void drain(FlightSqlClient sql, FlightInfo info, CallOption token)
      throws Exception {
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
      while (stream.next()) {
        // Read every batch, as a client would.
      }
    }
  }

  private static String report(Outcome outcome, long elapsedNanos, long stored) throws IOException {
    double seconds = elapsedNanos / 1e9;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d clients, %.1f s, %d errors, %d inserts acknowledged, %d rows stored%n%n",
            CLIENTS,
            seconds,
            outcome.errors().size(),
            outcome.acknowledged(),
            stored));
    out.append("| operation | calls | calls/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|\n");
    long total = 0;
    for (Map.Entry<Kind, long[]> e : outcome.latencies().entrySet()) {
      long[] values = e.getValue();
      total += values.length;
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %.1f | %.1f |%n",
              e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              values.length,
              values.length / seconds,
              percentile(values, 0.50) / 1e6,
              percentile(values, 0.99) / 1e6));
    }
    out.append(String.format(Locale.ROOT, "| all | %,d | %.1f | | |%n", total, total / seconds));
    return out.toString();
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
