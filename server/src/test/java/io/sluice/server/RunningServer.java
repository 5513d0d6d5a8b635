package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A server started on loopback with ephemeral ports for one test. Closing it checks what every
 * server test must leave behind: no Arrow memory held by the server (before it closes) or the
 * engine (the engine's allocator refuses to close with memory held), and no server threads.
 */
final class RunningServer implements AutoCloseable {
  /**
   * The repository's root: relative module paths such as examples/udfs/strings.wasm resolve here.
   */
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  /** A user of the servers that have users. */
  static final String USER = "alice";

  /** Her password. */
  static final String PASSWORD = "s3cret-Passw0rd";

  final SluiceServer server;
  private final Set<Thread> threadsBefore;

  private RunningServer(SluiceServer server, Set<Thread> threadsBefore) {
    this.server = server;
    this.threadsBefore = threadsBefore;
  }

  /**
   * @param data the data directory
   * @param withUsers whether to configure {@link #USER} (else the server runs without auth)
   * @param settings more settings, as in the config file
   * @return the running server
   */
  static RunningServer start(Path data, boolean withUsers, Map<String, String> settings)
      throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Map<String, String> all = new HashMap<>();
    all.put("data", data.toString());
    all.put("modules", REPOSITORY.toString());
    all.put("port", "0");
    all.put("http.port", "0");
    if (withUsers) {
      // Few iterations keep tests fast; the format and the check are the same.
      all.put("user." + USER, PasswordHash.create(PASSWORD.toCharArray(), 1_000).toString());
    }
    all.putAll(settings);
    return new RunningServer(SluiceServer.start(ServerConfig.parse(all, REPOSITORY)), before);
  }

  /**
   * Appends rows 0, 1, ... to a table whose only column is {@code n BIGINT NOT NULL}, through the
   * store (generating millions of rows through SQL would take much longer).
   *
   * @param table the table
   * @param rows how many rows
   */
  void appendNumbers(String table, long rows) {
    var stored = server.engine().store().table(table);
    try (var allocator =
            server.engine().allocator().newChildAllocator("test-append", 0, Long.MAX_VALUE);
        var batch = org.apache.arrow.vector.VectorSchemaRoot.create(stored.schema(), allocator)) {
      int batchRows = 100_000;
      for (long first = 0; first < rows; first += batchRows) {
        int count = (int) Math.min(batchRows, rows - first);
        var n = (org.apache.arrow.vector.BigIntVector) batch.getVector("n");
        n.allocateNew(count);
        for (int i = 0; i < count; i++) {
          n.set(i, first + i);
        }
        batch.setRowCount(count);
        stored.append(batch);
      }
    }
  }

  int port() {
    return server.flightPort();
  }

  /**
   * @return the Flight SQL JDBC driver's URL for this server, signed in as {@link #USER}
   */
  String jdbcUrl() {
    return "jdbc:arrow-flight-sql://127.0.0.1:"
        + port()
        + "?useEncryption=false&user="
        + USER
        + "&password="
        + PASSWORD;
  }

  @Override
  public void close() throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    // gRPC hands the last batches back a moment after the client has read them.
    while (server.allocator().getAllocatedMemory() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    var engine = server.engine().allocator();
    while (engine.getAllocatedMemory() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long held = server.allocator().getAllocatedMemory();
    long engineHeld = engine.getAllocatedMemory();
    String detail = held == 0 && engineHeld == 0 ? "" : engine.toVerboseString();
    server.close();
    assertEquals(0, held, "Arrow memory held by the server after its clients finished\n" + detail);
    assertEquals(0, engineHeld, "Arrow memory held by the engine (shard scans, UDFs)\n" + detail);
    List<Thread> left = List.of();
    while (System.nanoTime() < deadline + 5_000_000_000L) {
      left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .filter(
                  t ->
                      t.getName().startsWith("sluice-flight-")
                          || t.getName().startsWith("sluice-http-")
                          || t.getName().startsWith("sluice-server-")
                          || (!t.isDaemon() && !threadsBefore.contains(t)))
              .collect(Collectors.toList());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    fail(
        "threads left running after the server closed: "
            + left.stream().map(Thread::getName).collect(Collectors.joining(", ")));
  }
}
