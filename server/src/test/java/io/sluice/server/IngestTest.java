package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk ingest over Flight SQL (Arrow's FlightSqlClient, as ADBC sends it, and the Flight SQL JDBC
 * driver's executeBatch) and over HTTP, and COPY confined to the server's file roots.
 */
class IngestTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path data;
  @TempDir Path files;
  private RunningServer running;
  private FlightClient client;
  private FlightSqlClient sql;
  private CallOption alice;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start(data, true, Map.of("files.roots", files.toString()));
    client =
        FlightClient.builder(
                arrow.allocator(), Location.forGrpcInsecure("127.0.0.1", running.port()))
            .build();
    sql = new FlightSqlClient(client);
    alice = client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    sql.close();
    running.close();
  }

  /** Rows of pandas-like Arrow types: int32, nanosecond timestamps, large strings. */
  private VectorSchemaRoot batch(int first, int count) {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("n", new ArrowType.Int(32, true)),
                Field.nullable("at", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                Field.nullable("name", ArrowType.LargeUtf8.INSTANCE)));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, arrow.allocator());
    root.allocateNew();
    for (int i = 0; i < count; i++) {
      int id = first + i;
      ((BigIntVector) root.getVector(0)).setSafe(i, id);
      ((IntVector) root.getVector(1)).setSafe(i, id * 2);
      ((TimeStampNanoVector) root.getVector(2)).setSafe(i, 1_700_000_000_000_000_000L + id * 1000L);
      if (id % 5 == 0) {
        root.getVector(3).setNull(i);
      } else {
        ((LargeVarCharVector) root.getVector(3))
            .setSafe(i, ("näme " + id).getBytes(StandardCharsets.UTF_8));
      }
    }
    root.setRowCount(count);
    return root;
  }

  private static TableDefinitionOptions mode(
      TableNotExistOption missing, TableExistsOption exists) {
    return TableDefinitionOptions.newBuilder().setIfNotExist(missing).setIfExists(exists).build();
  }

  private long ingest(
      String table,
      TableDefinitionOptions mode,
      VectorSchemaRoot rows,
      Map<String, String> options) {
    return sql.executeIngest(
        rows, new FlightSqlClient.ExecuteIngestOptions(table, mode, null, null, options), alice);
  }

  private List<List<Object>> query(String statement) throws Exception {
    try (Connection connection = jdbc();
        Statement s = connection.createStatement();
        ResultSet result = s.executeQuery(statement)) {
      List<List<Object>> rows = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(result.getObject(c));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private Connection jdbc() throws Exception {
    return DriverManager.getConnection(
        "jdbc:arrow-flight-sql://127.0.0.1:"
            + running.port()
            + "?useEncryption=false&user="
            + RunningServer.USER
            + "&password="
            + RunningServer.PASSWORD);
  }

  @Test
  void flightIngestCreatesAppendsAndReplacesAtomically() throws Exception {
    TableDefinitionOptions create =
        mode(
            TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE,
            TableExistsOption.TABLE_EXISTS_OPTION_FAIL);
    try (VectorSchemaRoot rows = batch(0, 1000)) {
      assertEquals(
          1000, ingest("events", create, rows, Map.of("shards", "3", "distributed_by", "id")));
    }
    var table = running.server.engine().store().table("events");
    assertEquals(3, table.shardCount());
    assertEquals(
        "Schema<id: Int(64, true), n: Int(32, true), at: Timestamp(MICROSECOND, null), name: Utf8>",
        table.schema().toString());
    assertEquals(
        List.of(List.of(1000L, 999L, 800L)),
        query("SELECT COUNT(*), MAX(id), COUNT(name) FROM events"));
    try (VectorSchemaRoot rows = batch(1000, 10)) {
      FlightRuntimeException exists =
          assertThrows(
              FlightRuntimeException.class, () -> ingest("events", create, rows, Map.of()));
      assertEquals(FlightStatusCode.ALREADY_EXISTS, exists.status().code());
      TableDefinitionOptions append =
          mode(
              TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL,
              TableExistsOption.TABLE_EXISTS_OPTION_APPEND);
      assertEquals(10, ingest("events", append, rows, Map.of()));
      FlightRuntimeException missing =
          assertThrows(
              FlightRuntimeException.class, () -> ingest("nothing", append, rows, Map.of()));
      assertEquals(FlightStatusCode.NOT_FOUND, missing.status().code());
      TableDefinitionOptions replace =
          mode(
              TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE,
              TableExistsOption.TABLE_EXISTS_OPTION_REPLACE);
      assertEquals(10, ingest("events", replace, rows, Map.of()));
    }
    assertEquals(List.of(List.of(10L)), query("SELECT COUNT(*) FROM events"));
    // A value that does not fit fails the whole ingest: nothing of it lands.
    sql.executeUpdate(
        "CREATE TABLE small (id BIGINT, n SMALLINT, \"at\" TIMESTAMP, name VARCHAR)", alice);
    try (VectorSchemaRoot rows = batch(20_000, 100)) {
      TableDefinitionOptions append =
          mode(
              TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL,
              TableExistsOption.TABLE_EXISTS_OPTION_APPEND);
      FlightRuntimeException bad =
          assertThrows(FlightRuntimeException.class, () -> ingest("small", append, rows, Map.of()));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, bad.status().code());
      assertTrue(
          bad.getMessage().contains("column 'n': 40000 is out of range for SMALLINT"),
          bad.getMessage());
    }
    assertEquals(List.of(List.of(0L)), query("SELECT COUNT(*) FROM small"));
  }

  @Test
  void jdbcExecuteBatchWritesEveryRowAtOnce() throws Exception {
    sql.executeUpdate("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR)", alice);
    try (Connection connection = jdbc();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      for (int i = 0; i < 20_000; i++) {
        insert.setLong(1, i);
        insert.setString(2, "row " + i);
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      assertEquals(20_000, java.util.Arrays.stream(counts).sum());
    }
    assertEquals(List.of(List.of(20_000L, 199_990_000L)), query("SELECT COUNT(*), SUM(id) FROM t"));
  }

  private HttpResponse<String> post(String path, byte[] body, String type) throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (RunningServer.USER + ":" + RunningServer.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.server.httpPort() + path))
            .header("Authorization", basic)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpTakesArrowCsvAndNdjsonBodies() throws Exception {
    ByteArrayOutputStream ipc = new ByteArrayOutputStream();
    try (VectorSchemaRoot rows = batch(0, 500);
        ArrowStreamWriter writer = new ArrowStreamWriter(rows, null, Channels.newChannel(ipc))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    HttpResponse<String> created =
        post(
            "/v1/tables/web/rows?mode=create",
            ipc.toByteArray(),
            "application/vnd.apache.arrow.stream");
    assertEquals(200, created.statusCode(), created.body());
    assertEquals("{\"rows\":500}\n", created.body());
    byte[] csv =
        "id,n,at,name\n600,1,2024-01-01 00:00:00,x\n601,2,,\"y, z\"\n"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals("{\"rows\":2}\n", post("/v1/tables/web/rows", csv, "text/csv").body());
    byte[] ndjson =
        "{\"id\": 700, \"name\": \"j\"}\n{\"id\": 701, \"n\": 5}\n"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "{\"rows\":2}\n", post("/v1/tables/web/rows", ndjson, "application/x-ndjson").body());
    assertEquals(List.of(List.of(504L)), query("SELECT COUNT(*) FROM web"));
    HttpResponse<String> bad =
        post(
            "/v1/tables/web/rows",
            "id,n,at,name\nx,1,,\n".getBytes(StandardCharsets.UTF_8),
            "text/csv");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("line 2, column 'id': 'x' is not a BIGINT"), bad.body());
    assertEquals(404, post("/v1/tables/none/rows", csv, "text/csv").statusCode());
    assertEquals(
        409,
        post(
                "/v1/tables/web/rows?mode=create",
                ipc.toByteArray(),
                "application/vnd.apache.arrow.stream")
            .statusCode());
    assertEquals(415, post("/v1/tables/web/rows", csv, "text/plain").statusCode());
    assertEquals(List.of(List.of(504L)), query("SELECT COUNT(*) FROM web"));
  }

  @Test
  void copyOnTheServerStaysUnderItsRoots() throws Exception {
    Files.writeString(files.resolve("in.csv"), "id,name\n1,a\n2,b\n");
    sql.executeUpdate("CREATE TABLE c (id BIGINT, name VARCHAR)", alice);
    assertEquals(2, sql.executeUpdate("COPY c FROM 'in.csv'", alice));
    assertEquals(2, sql.executeUpdate("COPY c TO 'out.parquet'", alice));
    assertTrue(Files.exists(files.resolve("out.parquet")));
    FlightRuntimeException outside =
        assertThrows(
            FlightRuntimeException.class,
            () -> sql.executeUpdate("COPY c FROM '/etc/passwd' WITH (format = 'csv')", alice));
    assertTrue(outside.getMessage().contains("is outside the directories"), outside.getMessage());
    assertEquals(List.of(List.of(2L)), query("SELECT COUNT(*) FROM read_parquet('out.parquet')"));
  }

  /** A 10,000-row INSERT ... VALUES over HTTP and over Flight SQL, on the default stack. */
  @Test
  void tenThousandRowInsertsWorkOverBothEndpoints() throws Exception {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append('(')
          .append(i)
          .append(", 'row ")
          .append(i)
          .append("')");
    }
    sql.executeUpdate("CREATE TABLE many (id BIGINT, name VARCHAR)", alice);
    HttpResponse<String> http = sqlOverHttp("INSERT INTO many VALUES " + values);
    assertEquals(200, http.statusCode(), http.body());
    assertEquals("{\"updated\":10000}\n", http.body());
    assertEquals(10_000, sql.executeUpdate("INSERT INTO many VALUES " + values, alice));
    assertEquals(
        List.of(List.of(20_000L, 99_990_000L)), query("SELECT COUNT(*), SUM(id) FROM many"));
  }

  /** The rows endpoint reads its body as it arrives: the per-request size cap does not apply. */
  @Test
  void aRowsBodyLargerThanTheRequestCapIsStreamed() throws Exception {
    sql.close();
    running.close();
    running =
        RunningServer.start(
            data,
            true,
            Map.of("files.roots", files.toString(), "limits.max_message_bytes", "65536"));
    client =
        FlightClient.builder(
                arrow.allocator(), Location.forGrpcInsecure("127.0.0.1", running.port()))
            .build();
    sql = new FlightSqlClient(client);
    alice = client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = 0; i < 50_000; i++) {
      csv.append(i).append(",name number ").append(i).append('\n');
    }
    byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(body.length > 10 * 65536, "the body is many times the cap: " + body.length);
    sqlOverHttp("CREATE TABLE streamed (id BIGINT, name VARCHAR)");
    HttpResponse<String> loaded = post("/v1/tables/streamed/rows", body, "text/csv");
    assertEquals(200, loaded.statusCode(), loaded.body());
    assertEquals("{\"rows\":50000}\n", loaded.body());
    HttpResponse<String> capped =
        sqlOverHttp("INSERT INTO streamed VALUES (1, '" + "x".repeat(70_000) + "')");
    assertEquals(413, capped.statusCode(), "/v1/sql keeps its cap");
  }

  private HttpResponse<String> sqlOverHttp(String statement) throws Exception {
    return post("/v1/sql", statement.getBytes(StandardCharsets.UTF_8), "text/plain");
  }

  /** Every statement that names a file, over HTTP: inside the roots it works, outside it never. */
  @Test
  void everyFileStatementStaysUnderTheRootsOverHttp() throws Exception {
    Path outside = Files.createTempDirectory("sluice-outside");
    try {
      Files.writeString(outside.resolve("secret.csv"), "id\n42\n");
      Files.createSymbolicLink(files.resolve("link.csv"), outside.resolve("secret.csv"));
      Files.writeString(files.resolve("r.csv"), "id\n1\nx\n3\n");
      assertEquals(200, sqlOverHttp("CREATE TABLE r (id BIGINT)").statusCode());
      HttpResponse<String> skipped = sqlOverHttp("COPY r FROM 'r.csv' WITH (on_error = 'skip')");
      assertEquals(200, skipped.statusCode(), skipped.body());
      assertTrue(
          skipped.body().startsWith("{\"updated\":2,\"notices\":[\"COPY r skipped 1 row"),
          skipped.body());
      assertTrue(skipped.body().contains("line 3, column 'id': 'x' is not a BIGINT"));
      for (String statement :
          List.of(
              "SELECT * FROM read_csv('" + outside.resolve("secret.csv") + "')",
              "SELECT * FROM read_csv('../" + outside.getFileName() + "/secret.csv')",
              "SELECT * FROM read_csv('link.csv')",
              "COPY r FROM '" + outside.resolve("secret.csv") + "'",
              "COPY r TO '" + outside.resolve("stolen.csv") + "'",
              "COPY (SELECT 1 AS n) TO '../escaped.csv'",
              "CREATE TABLE s FROM '" + outside.resolve("secret.csv") + "'")) {
        HttpResponse<String> refused = sqlOverHttp(statement);
        assertEquals(400, refused.statusCode(), statement + ": " + refused.body());
        assertTrue(
            refused.body().contains("outside the directories this server reads and writes")
                || refused.body().contains("symbolic link"),
            statement + ": " + refused.body());
      }
      assertFalse(Files.exists(outside.resolve("stolen.csv")));
      assertFalse(Files.exists(files.getParent().resolve("escaped.csv")));
      assertEquals(List.of(List.of(2L)), query("SELECT COUNT(*) FROM r"));
    } finally {
      try (var paths = Files.walk(outside)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * ADBC's Go driver ingests a table of zero rows by opening an upload and closing it without a
   * message; Arrow Java's server then waited forever for the descriptor, and so did the client.
   */
  @Test
  void anUploadEndingBeforeItsFirstMessageFailsInsteadOfHanging() throws Exception {
    io.grpc.ManagedChannel channel =
        io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", running.port())
            .usePlaintext()
            .build();
    try {
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(
          io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (RunningServer.USER + ":" + RunningServer.PASSWORD)
                          .getBytes(StandardCharsets.UTF_8)));
      var stub =
          org.apache.arrow.flight.impl.FlightServiceGrpc.newStub(channel)
              .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
      java.util.concurrent.CompletableFuture<Throwable> outcome =
          new java.util.concurrent.CompletableFuture<>();
      io.grpc.stub.StreamObserver<org.apache.arrow.flight.impl.Flight.FlightData> upload =
          stub.doPut(
              new io.grpc.stub.StreamObserver<>() {
                @Override
                public void onNext(org.apache.arrow.flight.impl.Flight.PutResult result) {}

                @Override
                public void onError(Throwable t) {
                  outcome.complete(t);
                }

                @Override
                public void onCompleted() {
                  outcome.complete(null);
                }
              });
      upload.onCompleted();
      Throwable error = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
      io.grpc.Status status = io.grpc.Status.fromThrowable(error);
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, status.getCode(), String.valueOf(error));
      assertTrue(
          status.getDescription().contains("ended before its first message"),
          status.getDescription());
    } finally {
      channel.shutdownNow();
    }
  }
}
