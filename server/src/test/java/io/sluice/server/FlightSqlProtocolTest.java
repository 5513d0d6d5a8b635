package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.sluice.server.auth.Authenticator;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight SQL endpoint against bad input and rude clients, with Arrow's own Flight SQL client:
 * each mistake gets its standard status and nothing more, and the server keeps serving others (the
 * fixture checks that no Arrow memory and no thread is left behind).
 */
class FlightSqlProtocolTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path data;
  private RunningServer running;
  private FlightClient client;
  private FlightSqlClient sql;
  private CallOption alice;

  @BeforeEach
  void start() throws Exception {
    running =
        RunningServer.start(
            data,
            true,
            Map.of(
                "user.bob",
                PasswordHash.create("bobs-password".toCharArray(), 1_000).toString(),
                "limits.max_message_bytes",
                "65536",
                "limits.batch_rows",
                "10000"));
    client = connect();
    sql = new FlightSqlClient(client);
    alice = client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
  }

  private FlightClient connect() {
    return FlightClient.builder(
            arrow.allocator(), Location.forGrpcInsecure("127.0.0.1", running.port()))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    sql.close();
    running.close();
  }

  private static FlightStatusCode status(org.junit.jupiter.api.function.Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    return e.status().code();
  }

  private long count(FlightInfo info, CallOption... options) throws Exception {
    long rows = 0;
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), options)) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    return rows;
  }

  private void createNumbers(long rows) throws Exception {
    sql.executeUpdate("CREATE TABLE numbers (n BIGINT NOT NULL) SHARDS 2", alice);
    var table = running.server.engine().store().table("numbers");
    var allocator =
        running.server.engine().allocator().newChildAllocator("test", 0, Long.MAX_VALUE);
    try (allocator;
        VectorSchemaRoot batch = VectorSchemaRoot.create(table.schema(), allocator)) {
      int batchRows = 100_000;
      for (long first = 0; first < rows; first += batchRows) {
        BigIntVector n = (BigIntVector) batch.getVector("n");
        n.allocateNew(batchRows);
        for (int i = 0; i < batchRows; i++) {
          n.set(i, first + i);
        }
        batch.setRowCount(batchRows);
        table.append(batch);
      }
    }
  }

  @Test
  void wrongPasswordsUnknownUsersAndMissingTokensGetTheSameRefusal() throws Exception {
    for (String[] credentials :
        new String[][] {{RunningServer.USER, "wrong"}, {"mallory", "guess"}, {"", ""}}) {
      FlightRuntimeException e =
          assertThrows(
              FlightRuntimeException.class,
              () -> client.authenticateBasicToken(credentials[0], credentials[1]));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
      assertEquals(Authenticator.REFUSED, e.status().description());
    }
    try (FlightClient anonymous = connect()) {
      FlightSqlClient noToken = new FlightSqlClient(anonymous);
      assertEquals(FlightStatusCode.UNAUTHENTICATED, status(() -> noToken.getSqlInfo()));
      CallOption forged =
          new org.apache.arrow.flight.grpc.CredentialCallOption(
              new org.apache.arrow.flight.auth2.BearerCredentialWriter("forged-token"));
      assertEquals(
          FlightStatusCode.UNAUTHENTICATED, status(() -> noToken.execute("SELECT 1", forged)));
    }
  }

  @Test
  void invalidSqlIsInvalidArgumentWithThePosition() {
    FlightRuntimeException e =
        assertThrows(
            FlightRuntimeException.class, () -> sql.execute("SELECT *\nFROM nowhere", alice));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("line 2, column 6"), e.getMessage());
    assertTrue(e.getMessage().contains("Object 'nowhere' not found"), e.getMessage());
    FlightRuntimeException syntax =
        assertThrows(FlightRuntimeException.class, () -> sql.execute("SELEC 1", alice));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, syntax.status().code());
    assertTrue(syntax.getMessage().contains("line 1, column 1"), syntax.getMessage());
    assertEquals(
        FlightStatusCode.INVALID_ARGUMENT,
        status(() -> sql.executeUpdate("DROP TABLE nowhere", alice)));
  }

  @Test
  void statementsTheEngineCannotRunGetAStatusWithoutInternals() throws Exception {
    sql.executeUpdate("CREATE TABLE t (id INT)", alice);
    for (String statement : new String[] {"UPDATE t SET id = 2", "DELETE FROM t"}) {
      FlightRuntimeException e =
          assertThrows(FlightRuntimeException.class, () -> sql.executeUpdate(statement, alice));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), statement);
      assertTrue(e.status().description().contains("append-only"), e.status().description());
      assertFalse(e.status().description().contains("Exception"), e.status().description());
      assertFalse(e.status().description().contains("java."), e.status().description());
    }
    assertEquals(1, count(sql.execute("SELECT COUNT(*) AS n FROM t", alice), alice));
  }

  @Test
  void unknownAndForeignPreparedStatementHandlesAreNotFound() throws Exception {
    byte[] unknown =
        Any.pack(
                CommandPreparedStatementQuery.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8("no-such-handle"))
                    .build())
            .toByteArray();
    FlightRuntimeException e =
        assertThrows(
            FlightRuntimeException.class,
            () -> client.getInfo(FlightDescriptor.command(unknown), alice));
    assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
    assertTrue(e.getMessage().contains("unknown prepared statement handle"), e.getMessage());
    assertEquals(FlightStatusCode.NOT_FOUND, status(() -> count(new Ticket(unknown))));

    // Bob's handle is not Alice's to use.
    CallOption bob = client.authenticateBasicToken("bob", "bobs-password").orElseThrow();
    var created =
        client.doAction(
            new org.apache.arrow.flight.Action(
                org.apache.arrow.flight.sql.FlightSqlUtils.FLIGHT_SQL_CREATE_PREPARED_STATEMENT
                    .getType(),
                Any.pack(
                        org.apache.arrow.flight.sql.impl.FlightSql
                            .ActionCreatePreparedStatementRequest.newBuilder()
                            .setQuery("SELECT 1 AS answer")
                            .build())
                    .toByteArray()),
            bob);
    ByteString handle =
        Any.parseFrom(created.next().getBody())
            .unpack(
                org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult
                    .class)
            .getPreparedStatementHandle();
    byte[] command =
        Any.pack(
                CommandPreparedStatementQuery.newBuilder()
                    .setPreparedStatementHandle(handle)
                    .build())
            .toByteArray();
    assertEquals(1, count(client.getInfo(FlightDescriptor.command(command), bob), bob));
    assertEquals(
        FlightStatusCode.NOT_FOUND,
        status(() -> client.getInfo(FlightDescriptor.command(command), alice)));
  }

  private long count(Ticket ticket) throws Exception {
    try (FlightStream stream = sql.getStream(ticket, alice)) {
      long rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      return rows;
    }
  }

  @Test
  void malformedRequestsAreInvalidArguments() {
    byte[] garbage = "not a protobuf Any".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        FlightStatusCode.INVALID_ARGUMENT,
        status(() -> client.getInfo(FlightDescriptor.command(garbage), alice)));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, status(() -> count(new Ticket(garbage))));
    assertEquals(
        FlightStatusCode.INVALID_ARGUMENT,
        status(
            () ->
                client
                    .doAction(new org.apache.arrow.flight.Action("no-such-action"), alice)
                    .hasNext()));
  }

  @Test
  void anOversizedRequestIsRefusedAndTheServerServesOn() throws Exception {
    String huge = "SELECT '" + "x".repeat(100_000) + "' AS big";
    assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, status(() -> sql.execute(huge, alice)));
    assertEquals(1, count(sql.execute("SELECT 1 AS answer", alice), alice));
  }

  @Test
  void aClientLeavingMidStreamStopsTheQueryAndOthersAreServed() throws Exception {
    createNumbers(2_000_000);
    FlightInfo info = sql.execute("SELECT n, n * 2 AS twice FROM numbers", alice);
    try (FlightClient rude = connect()) {
      CallOption token =
          rude.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
      FlightStream stream = rude.getStream(info.getEndpoints().get(0).getTicket(), token);
      assertTrue(stream.next());
      assertTrue(stream.getRoot().getRowCount() > 0);
      stream.cancel("leaving", null);
      stream.close();
    }
    // Everyone else is served, and the abandoned query released its memory (checked on close).
    assertEquals(2_000_000, count(sql.execute("SELECT n FROM numbers", alice), alice));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (running.server.openStatements() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, running.server.openStatements());
  }

  @Test
  void aQueryCanBeCancelledBeforeItsResultIsFetched() throws Exception {
    FlightInfo info = sql.execute("SELECT 42 AS answer", alice);
    CancelFlightInfoResult result =
        client.cancelFlightInfo(new CancelFlightInfoRequest(info), alice);
    assertEquals(CancelStatus.CANCELLED, result.getStatus());
    assertEquals(FlightStatusCode.NOT_FOUND, status(() -> count(info, alice)));
    assertEquals(0, running.server.openStatements());
  }

  @Test
  void aRunningQueryCanBeCancelled() throws Exception {
    createNumbers(2_000_000);
    FlightInfo info = sql.execute("SELECT n FROM numbers", alice);
    long[] rows = {0};
    FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), alice);
    assertTrue(stream.next());
    rows[0] += stream.getRoot().getRowCount();
    assertEquals(
        CancelStatus.CANCELLED,
        client.cancelFlightInfo(new CancelFlightInfoRequest(info), alice).getStatus());
    FlightRuntimeException e =
        assertThrows(
            FlightRuntimeException.class,
            () -> {
              while (stream.next()) {
                // Batches already on their way may still arrive before the status.
                rows[0] += stream.getRoot().getRowCount();
              }
            });
    assertEquals(FlightStatusCode.CANCELLED, e.status().code());
    stream.close();
    // Backpressure bounds what is in flight (gRPC's window, some 60 batches of 10,000 rows here):
    // the stream ends with CANCELLED far short of the 2,000,000 rows.
    assertTrue(rows[0] < 1_000_000, rows[0] + " rows arrived before the cancel took effect");
    assertEquals(0, running.server.openStatements());
    assertEquals(1, count(sql.execute("SELECT COUNT(*) AS n FROM numbers", alice), alice));
  }

  @Test
  void cancellingAPreparedQueryCancelsThatExecutionAndTheStatementServesOn() throws Exception {
    FlightSqlClient.PreparedStatement prepared = sql.prepare("SELECT 42 AS answer", alice);
    FlightInfo cancelled = prepared.execute(alice);
    assertEquals(
        CancelStatus.CANCELLED,
        client.cancelFlightInfo(new CancelFlightInfoRequest(cancelled), alice).getStatus());
    FlightRuntimeException e =
        assertThrows(FlightRuntimeException.class, () -> count(cancelled, alice));
    assertEquals(FlightStatusCode.CANCELLED, e.status().code(), e.getMessage());
    // The statement itself is still open: a new execution runs.
    FlightInfo fresh = prepared.execute(alice);
    assertEquals(1, count(fresh, alice));
    // A finished execution has nothing left to cancel; the cancelled one stays cancelled.
    assertEquals(
        CancelStatus.NOT_CANCELLABLE,
        client.cancelFlightInfo(new CancelFlightInfoRequest(fresh), alice).getStatus());
    assertEquals(FlightStatusCode.CANCELLED, status(() -> count(cancelled, alice)));
    assertEquals(1, count(prepared.execute(alice), alice));
    prepared.close(alice);
    assertEquals(0, running.server.openStatements());
  }

  @Test
  void cancellingARunningPreparedQueryStopsItAndTheStatementServesOn() throws Exception {
    createNumbers(2_000_000);
    FlightSqlClient.PreparedStatement prepared = sql.prepare("SELECT n FROM numbers", alice);
    FlightInfo info = prepared.execute(alice);
    long[] rows = {0};
    FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), alice);
    assertTrue(stream.next());
    rows[0] += stream.getRoot().getRowCount();
    assertEquals(
        CancelStatus.CANCELLED,
        client.cancelFlightInfo(new CancelFlightInfoRequest(info), alice).getStatus());
    FlightRuntimeException e =
        assertThrows(
            FlightRuntimeException.class,
            () -> {
              while (stream.next()) {
                rows[0] += stream.getRoot().getRowCount();
              }
            });
    assertEquals(FlightStatusCode.CANCELLED, e.status().code());
    stream.close();
    assertTrue(rows[0] < 1_000_000, rows[0] + " rows arrived before the cancel took effect");
    assertEquals(2_000_000, count(prepared.execute(alice), alice));
    prepared.close(alice);
  }

  @Test
  void aClientWhoseConnectionDropsMidStreamReleasesItsQuery() throws Exception {
    createNumbers(2_000_000);
    FlightInfo info = sql.execute("SELECT n, n * 2 AS twice FROM numbers", alice);
    try (DroppingProxy proxy = new DroppingProxy(running.port())) {
      FlightClient rude =
          FlightClient.builder(
                  arrow.allocator(), Location.forGrpcInsecure("127.0.0.1", proxy.port()))
              .build();
      CallOption token =
          rude.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
      FlightStream stream = rude.getStream(info.getEndpoints().get(0).getTicket(), token);
      assertTrue(stream.next());
      // The connection is reset under the client, with no cancel or close sent first.
      proxy.drop();
      assertThrows(
          FlightRuntimeException.class,
          () -> {
            while (stream.next()) {
              // What was in flight before the reset.
            }
          });
      stream.close();
      rude.close();
    }
    awaitReleased();
    assertEquals(2_000_000, count(sql.execute("SELECT n FROM numbers", alice), alice));
  }

  /** Waits until no statement is open and the server's Arrow memory is back to zero. */
  private void awaitReleased() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((running.server.openStatements() > 0
            || running.server.allocator().getAllocatedMemory() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, running.server.openStatements());
    assertEquals(0, running.server.allocator().getAllocatedMemory());
  }

  @Test
  void unknownHandlesAreNotFoundWhenClosingAndWhenBinding() throws Exception {
    ByteString unknown = ByteString.copyFromUtf8("no-such-handle");
    FlightRuntimeException close =
        assertThrows(
            FlightRuntimeException.class,
            () ->
                client
                    .doAction(
                        new org.apache.arrow.flight.Action(
                            org.apache.arrow.flight.sql.FlightSqlUtils
                                .FLIGHT_SQL_CLOSE_PREPARED_STATEMENT
                                .getType(),
                            Any.pack(
                                    ActionClosePreparedStatementRequest.newBuilder()
                                        .setPreparedStatementHandle(unknown)
                                        .build())
                                .toByteArray()),
                        alice)
                    .hasNext());
    assertEquals(FlightStatusCode.NOT_FOUND, close.status().code());
    assertTrue(
        close.getMessage().contains("unknown prepared statement handle"), close.getMessage());

    byte[] command =
        Any.pack(
                CommandPreparedStatementQuery.newBuilder()
                    .setPreparedStatementHandle(unknown)
                    .build())
            .toByteArray();
    try (VectorSchemaRoot parameters = numbers("parameter_1", 3)) {
      FlightClient.ClientStreamListener put =
          client.startPut(
              FlightDescriptor.command(command),
              parameters,
              new org.apache.arrow.flight.AsyncPutListener(),
              alice);
      put.putNext();
      put.completed();
      FlightRuntimeException bind = assertThrows(FlightRuntimeException.class, put::getResult);
      assertEquals(FlightStatusCode.NOT_FOUND, bind.status().code());
      assertTrue(
          bind.getMessage().contains("unknown prepared statement handle"), bind.getMessage());
    }
    assertEquals(1, count(sql.execute("SELECT 1 AS answer", alice), alice));
  }

  private VectorSchemaRoot numbers(String name, int rows) {
    BigIntVector vector = new BigIntVector(name, arrow.allocator());
    vector.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      vector.set(i, i);
    }
    vector.setValueCount(rows);
    VectorSchemaRoot root = VectorSchemaRoot.of(vector);
    root.setRowCount(rows);
    return root;
  }

  @Test
  void parameterRowsWithTheWrongColumnsAreInvalidArgumentsNamingTheParameter() throws Exception {
    sql.executeUpdate("CREATE TABLE p (id BIGINT NOT NULL, name VARCHAR)", alice);
    sql.executeUpdate("INSERT INTO p VALUES (1, 'one'), (2, 'two')", alice);
    try (FlightSqlClient.PreparedStatement prepared =
            sql.prepare("SELECT name FROM p WHERE id = ?", alice);
        VectorSchemaRoot two =
            VectorSchemaRoot.of(numbers("a", 1).getVector(0), numbers("b", 1).getVector(0));
        VectorSchemaRoot text = VectorSchemaRoot.create(textSchema(), arrow.allocator());
        VectorSchemaRoot right = numbers("id", 1)) {
      two.setRowCount(1);
      prepared.setParameters(two);
      FlightRuntimeException count =
          assertThrows(FlightRuntimeException.class, () -> prepared.execute(alice));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, count.status().code());
      assertEquals(
          "the statement has 1 parameter but the parameter rows have 2 columns",
          count.status().description());

      org.apache.arrow.vector.VarCharVector name =
          (org.apache.arrow.vector.VarCharVector) text.getVector(0);
      name.allocateNew(1);
      name.setSafe(0, "1".getBytes(StandardCharsets.UTF_8));
      name.setValueCount(1);
      text.setRowCount(1);
      prepared.setParameters(text);
      FlightRuntimeException type =
          assertThrows(FlightRuntimeException.class, () -> prepared.execute(alice));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, type.status().code());
      assertTrue(
          type.status().description().startsWith("parameter 1 (parameter_1) takes number"),
          type.status().description());
      assertTrue(type.status().description().contains("column 'x'"), type.status().description());

      ((BigIntVector) right.getVector(0)).set(0, 2);
      prepared.setParameters(right);
      assertEquals(1, count(prepared.execute(alice), alice), "the statement serves on");
      prepared.close(alice);
    }
    assertEquals(0, running.server.openStatements());
  }

  private static org.apache.arrow.vector.types.pojo.Schema textSchema() {
    return new org.apache.arrow.vector.types.pojo.Schema(
        List.of(
            org.apache.arrow.vector.types.pojo.Field.nullable(
                "x", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)));
  }

  private void restart(Map<String, String> settings) throws Exception {
    running.close();
    running = RunningServer.start(data, true, settings);
    sql.close();
    client = connect();
    sql = new FlightSqlClient(client);
    alice = client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
  }

  @Test
  void boundParametersAreCappedPerStatement() throws Exception {
    restart(Map.of("limits.parameter_bytes", "4096"));
    sql.executeUpdate("CREATE TABLE p (id BIGINT NOT NULL)", alice);
    try (FlightSqlClient.PreparedStatement prepared =
            sql.prepare("SELECT id FROM p WHERE id = ?", alice);
        VectorSchemaRoot many = numbers("id", 10_000);
        VectorSchemaRoot few = numbers("id", 3)) {
      prepared.setParameters(many);
      FlightRuntimeException e =
          assertThrows(FlightRuntimeException.class, () -> prepared.execute(alice));
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
      assertTrue(
          e.status().description().contains("more than 4096 bytes (limits.parameter_bytes)"),
          e.status().description());
      assertEquals(0, running.server.allocator().getAllocatedMemory(), "nothing stays bound");
      prepared.setParameters(few);
      assertEquals(0, count(prepared.execute(alice), alice));
      prepared.close(alice);
    }
  }

  @Test
  void eachUserHasACapOnOpenStatementsAndOthersCanStillPrepare() throws Exception {
    restart(
        Map.of(
            "user.bob",
            PasswordHash.create("bobs-password".toCharArray(), 1_000).toString(),
            "limits.prepared_statements_per_user",
            "2"));
    FlightSqlClient.PreparedStatement first = sql.prepare("SELECT 1 AS i", alice);
    FlightSqlClient.PreparedStatement second = sql.prepare("SELECT 2 AS i", alice);
    FlightRuntimeException e =
        assertThrows(FlightRuntimeException.class, () -> sql.prepare("SELECT 3 AS i", alice));
    assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    assertTrue(
        e.status()
            .description()
            .contains("for user 'alice' (2, limits.prepared_statements_per_user)"),
        e.status().description());
    // A statement query holds a slot too, until it is fetched.
    assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, status(() -> sql.execute("SELECT 4", alice)));
    CallOption bob = client.authenticateBasicToken("bob", "bobs-password").orElseThrow();
    FlightSqlClient.PreparedStatement bobs = sql.prepare("SELECT 5 AS i", bob);
    assertEquals(1, count(bobs.execute(bob), bob));
    bobs.close(bob);
    first.close(alice);
    FlightSqlClient.PreparedStatement third = sql.prepare("SELECT 6 AS i", alice);
    assertEquals(1, count(third.execute(alice), alice));
    third.close(alice);
    second.close(alice);
    assertEquals(0, running.server.openStatements());
  }

  @Test
  void eachUserHasACapOnRunningCalls() throws Exception {
    restart(
        Map.of(
            "user.bob",
            PasswordHash.create("bobs-password".toCharArray(), 1_000).toString(),
            "limits.flight_calls_per_user",
            "1",
            "limits.batch_rows",
            "10000"));
    createNumbers(2_000_000);
    FlightInfo info = sql.execute("SELECT n FROM numbers", alice);
    FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), alice);
    assertTrue(stream.next(), "the stream runs, and waits for Alice to read on");
    FlightRuntimeException e =
        assertThrows(FlightRuntimeException.class, () -> sql.execute("SELECT 1", alice));
    assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    assertTrue(
        e.status().description().contains("for user 'alice' (1, limits.flight_calls_per_user)"),
        e.status().description());
    CallOption bob = client.authenticateBasicToken("bob", "bobs-password").orElseThrow();
    assertEquals(1, count(sql.execute("SELECT 1 AS answer", bob), bob));
    stream.cancel("done", null);
    stream.close();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        assertEquals(1, count(sql.execute("SELECT 1 AS answer", alice), alice));
        break;
      } catch (FlightRuntimeException busy) {
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, busy.status().code());
        Thread.sleep(20);
      }
    }
    awaitReleased();
  }

  @Test
  void preparedStatementsLeftOpenIdleOut() throws Exception {
    running.close();
    running = RunningServer.start(data, true, Map.of("limits.prepared_idle", "1s"));
    sql.close();
    client = connect();
    sql = new FlightSqlClient(client);
    alice = client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
    List<FlightSqlClient.PreparedStatement> forgotten = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      forgotten.add(sql.prepare("SELECT " + i + " AS i", alice));
    }
    assertEquals(3, running.server.openStatements());
    Thread.sleep(1_200);
    FlightSqlClient.PreparedStatement fresh = sql.prepare("SELECT 9 AS i", alice);
    assertEquals(1, running.server.openStatements(), "the idle ones were closed");
    assertEquals(1, count(fresh.execute(alice), alice));
    fresh.close(alice);
    assertEquals(FlightStatusCode.NOT_FOUND, status(() -> forgotten.get(0).execute(alice)));
  }

  @Test
  void metadataCallsAnswerWithValidResults() throws Exception {
    sql.executeUpdate("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR)", alice);
    assertEquals(0, count(sql.getCatalogs(alice), alice));
    assertEquals(2, count(sql.getSchemas(null, null, alice), alice));
    assertTrue(count(sql.getTables(null, "sluice", null, null, true, alice), alice) == 1);
    assertTrue(count(sql.getTableTypes(alice), alice) >= 1);
    assertTrue(count(sql.getSqlInfo(new int[0], alice), alice) > 10);
    assertTrue(count(sql.getXdbcTypeInfo(alice), alice) >= 10);
    assertEquals(
        0,
        count(
            sql.getPrimaryKeys(
                org.apache.arrow.flight.sql.util.TableRef.of(null, "sluice", "t"), alice),
            alice));
  }
}
