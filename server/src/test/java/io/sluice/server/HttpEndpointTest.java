package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/sql} as scripts use it, with the JDK's HTTP client: the three formats, JSON and
 * text bodies, errors with their position, sign-in by password or token, limits, and a client that
 * leaves in the middle of a large result.
 */
class HttpEndpointTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path data;
  private RunningServer running;
  private final HttpClient http = HttpClient.newHttpClient();
  private String basic;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start(data, true, Map.of("limits.max_message_bytes", "65536"));
    basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (RunningServer.USER + ":" + RunningServer.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "{\"updated\":0}\n",
        sql("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, price DECIMAL(10, 2), seen TIMESTAMP)")
            .body());
    assertEquals(
        "{\"updated\":2}\n",
        sql("INSERT INTO t VALUES (1, 'a, \"quoted\"', 12.50, TIMESTAMP '2024-01-02 03:04:05.678'),"
                + " (2, NULL, NULL, NULL)")
            .body());
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + running.server.httpPort() + path);
  }

  private HttpResponse<String> post(String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> sql(String statement, String... headers) throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = basic;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return post("/v1/sql", statement, all);
  }

  @Test
  void answersJsonByDefaultAndCountsUpdates() throws Exception {
    HttpResponse<String> response = sql("SELECT * FROM t ORDER BY id");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        "[{\"id\":1,\"name\":\"a, \\\"quoted\\\"\",\"price\":12.50,\"seen\":\"2024-01-02 03:04:05.678\"}\n"
            + ",{\"id\":2,\"name\":null,\"price\":null,\"seen\":null}\n]\n",
        response.body());
    HttpResponse<String> insert = sql("INSERT INTO t (id) VALUES (3), (4)");
    assertEquals("{\"updated\":2}\n", insert.body());
    HttpResponse<String> json =
        sql("{\"sql\": \"SELECT COUNT(*) AS n FROM t\"}", "Content-Type", "application/json");
    assertEquals("[{\"n\":4}\n]\n", json.body());
    assertEquals("[]\n", sql("SELECT id FROM t WHERE id > 100").body());
  }

  @Test
  void answersCsvAndArrowByAcceptHeader() throws Exception {
    HttpResponse<String> csv =
        sql("SELECT id, name, price FROM t ORDER BY id", "Accept", "text/csv");
    assertEquals(200, csv.statusCode());
    assertEquals("id,name,price\r\n1,\"a, \"\"quoted\"\"\",12.50\r\n2,,\r\n", csv.body());

    HttpRequest request =
        HttpRequest.newBuilder(uri("/v1/sql"))
            .header("Authorization", basic)
            .header("Accept", "application/vnd.apache.arrow.stream")
            .POST(HttpRequest.BodyPublishers.ofString("SELECT id, name FROM t ORDER BY id"))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(
        "application/vnd.apache.arrow.stream",
        response.headers().firstValue("Content-Type").orElseThrow());
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(response.body()), arrow.allocator())) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertTrue(reader.loadNextBatch());
      assertEquals(2, root.getRowCount());
      assertEquals(1L, ((BigIntVector) root.getVector("id")).get(0));
      assertEquals(
          "a, \"quoted\"", ((VarCharVector) root.getVector("name")).getObject(0).toString());
      assertTrue(root.getVector("name").isNull(1));
    }
    assertEquals(406, sql("SELECT 1", "Accept", "image/png").statusCode());
  }

  @Test
  void reportsErrorsAsJsonWithTheirPosition() throws Exception {
    HttpResponse<String> response = sql("SELECT id\nFROM t\nWHERE nope = 1");
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("\"line\":3,\"column\":7"), response.body());
    assertTrue(response.body().contains("Column 'nope' not found"), response.body());
    assertTrue(response.body().startsWith("{\"error\":\"From line 3, column 7"), response.body());
    HttpResponse<String> syntax = sql("SELEC 1");
    assertEquals(400, syntax.statusCode());
    assertTrue(syntax.body().contains("\"line\":1,\"column\":1"), syntax.body());
    assertEquals(400, sql("   ").statusCode());
    assertEquals(400, sql("{\"sql\": 3", "Content-Type", "application/json").statusCode());
    assertEquals(
        405,
        http.send(
                HttpRequest.newBuilder(uri("/v1/sql")).header("Authorization", basic).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
    HttpResponse<String> huge = sql("SELECT '" + "x".repeat(70_000) + "'");
    assertEquals(413, huge.statusCode());
    assertEquals(200, sql("SELECT 1 AS answer").statusCode(), "the server serves on");
  }

  @Test
  void statementsTheEngineCannotRunAreAnsweredWithoutInternals() throws Exception {
    // UPDATE and DELETE are not supported (docs/sql.md): the client gets a JSON error that says
    // so, without stack traces or class names, and the server serves on.
    for (String statement : new String[] {"UPDATE t SET id = 2", "DELETE FROM t"}) {
      HttpResponse<String> response = sql(statement);
      assertEquals(400, response.statusCode(), statement + " -> " + response.body());
      assertTrue(response.body().contains("append-only"), response.body());
      assertTrue(response.body().startsWith("{\"error\":"), response.body());
      assertFalse(response.body().contains("Exception"), response.body());
      assertFalse(response.body().contains("java."), response.body());
    }
    assertEquals("[{\"n\":2}\n]\n", sql("SELECT COUNT(*) AS n FROM t").body());
  }

  @Test
  void requiresCredentialsAndAcceptsTokensFromLogin() throws Exception {
    HttpResponse<String> none = post("/v1/sql", "SELECT 1");
    assertEquals(401, none.statusCode());
    assertEquals(
        "{\"error\":\"authentication required: invalid or missing credentials\"}\n", none.body());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    String wrong =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
    assertEquals(none.body(), post("/v1/sql", "SELECT 1", "Authorization", wrong).body());
    assertEquals(401, post("/v1/login", "", "Authorization", wrong).statusCode());

    HttpResponse<String> login = post("/v1/login", "", "Authorization", basic);
    assertEquals(200, login.statusCode());
    Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login.body());
    assertTrue(token.find(), login.body());
    assertTrue(login.body().contains("\"expires_in\":43200"), login.body());
    HttpResponse<String> withToken =
        post("/v1/sql", "SELECT 1 AS answer", "Authorization", "Bearer " + token.group(1));
    assertEquals("[{\"answer\":1}\n]\n", withToken.body());
    assertEquals(401, post("/v1/sql", "SELECT 1", "Authorization", "Bearer forged").statusCode());
    assertEquals(
        200,
        http.send(
                HttpRequest.newBuilder(uri("/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
  }

  @Test
  void streamsLargeResultsAndSurvivesAClientLeavingMidway() throws Exception {
    sql("CREATE TABLE big (n BIGINT NOT NULL)");
    running.appendNumbers("big", 1_000_000);
    long rows =
        Long.parseLong(
            sql("SELECT COUNT(*) AS n FROM big", "Accept", "text/csv").body().split("\r\n")[1]);
    assertEquals(1_000_000, rows);
    HttpRequest request =
        HttpRequest.newBuilder(uri("/v1/sql"))
            .header("Authorization", basic)
            .header("Accept", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString("SELECT n FROM big"))
            .build();
    HttpResponse<InputStream> whole = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    long lines = 0;
    try (InputStream in = whole.body()) {
      byte[] buffer = new byte[65536];
      int read;
      while ((read = in.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          lines += buffer[i] == '\n' ? 1 : 0;
        }
      }
    }
    assertEquals(rows + 1, lines);

    HttpResponse<InputStream> partial =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = partial.body()) {
      assertTrue(in.readNBytes(10_000).length == 10_000);
    }
    assertEquals("[{\"answer\":1}\n]\n", sql("SELECT 1 AS answer").body());
  }

  /** Sends a query on a raw socket whose receive buffer is small, and reads nothing yet. */
  private Socket rawQuery(String statement) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", running.server.httpPort()));
    byte[] body = statement.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + basic
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return socket;
  }

  private void awaitArrowMemory() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (running.server.allocator().getAllocatedMemory() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(running.server.allocator().getAllocatedMemory() > 0, "the query is running");
  }

  /** Waits until the server holds no Arrow memory for half a second (between batches it may). */
  private void awaitNoArrowMemory() throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    long zeroSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (running.server.allocator().getAllocatedMemory() > 0) {
        zeroSince = System.nanoTime();
      } else if (System.nanoTime() - zeroSince > 500_000_000L) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(0, running.server.allocator().getAllocatedMemory(), "the query was released");
  }

  @Test
  void aClientWhoseConnectionDropsMidStreamReleasesItsQuery() throws Exception {
    sql("CREATE TABLE big (n BIGINT NOT NULL)");
    running.appendNumbers("big", 1_000_000);
    Socket socket = rawQuery("SELECT n FROM big");
    assertEquals(20_000, socket.getInputStream().readNBytes(20_000).length);
    awaitArrowMemory();
    socket.setSoLinger(true, 0);
    socket.close(); // a reset, with the response half read
    awaitNoArrowMemory();
    assertEquals("[{\"n\":1000000}\n]\n", sql("SELECT COUNT(*) AS n FROM big").body());
  }

  @Test
  void aClientThatStopsReadingIsDroppedAfterTheStallLimit() throws Exception {
    running.close();
    running = RunningServer.start(data, true, Map.of("limits.stalled_client", "1s"));
    sql("CREATE TABLE big (n BIGINT NOT NULL)");
    running.appendNumbers("big", 1_000_000);
    try (Socket socket = rawQuery("SELECT n FROM big")) {
      // About 15 MB of JSON: far more than the socket buffers hold, so the server blocks.
      awaitArrowMemory();
      Thread.sleep(4_000);
      byte[] received = socket.getInputStream().readAllBytes();
      String tail =
          new String(received, Math.max(0, received.length - 5), Math.min(5, received.length));
      assertFalse(tail.equals("0\r\n\r\n"), "the body must not end as if it were complete");
    } catch (java.net.SocketException reset) {
      // Reset by the server: as good as a close.
    }
    awaitNoArrowMemory();
    assertEquals("[{\"answer\":1}\n]\n", sql("SELECT 1 AS answer").body());
  }

  @Test
  void shutdownCancelsARunningHttpQueryAndReleasesItsMemory() throws Exception {
    sql("CREATE TABLE big (n BIGINT NOT NULL)");
    running.appendNumbers("big", 1_000_000);
    try (Socket socket = rawQuery("SELECT n FROM big")) {
      awaitArrowMemory();
      long start = System.nanoTime();
      // Closing the allocator would throw if the query still held memory.
      running.server.close();
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds < 15, "shutdown took " + seconds + " s");
    }
    // The fixture then checks that no thread is left.
  }
}
