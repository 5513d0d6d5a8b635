package io.sluice.benchmarks.load;

import io.sluice.cli.DemoEvents;
import io.sluice.server.ServerConfig;
import io.sluice.server.SluiceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;
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
 * Arrow batches of the demo's {@code events}, held by a client application, stored as a new table.
 * Sluice receives them through Flight SQL bulk ingest ({@code CommandStatementIngest}, what ADBC's
 * {@code adbc_ingest} sends) from Arrow's FlightSqlClient over loopback gRPC, into a server in the
 * same JVM. The baseline is DuckDB storing the same batches through its Arrow scan, in process (no
 * network, no serialization): {@code CREATE TABLE events AS FROM batches} into a file database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class FlightIngestBenchmark {
  @Param({"10000000"})
  public int rows;

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> batches;
  private Path databases;
  private SluiceServer server;
  private FlightClient client;
  private FlightSqlClient flightSql;
  private Connection duck;
  private Connection checkedBy;
  private String checkedTable;

  /** Generates the batches in memory, starts the server on loopback and opens DuckDB. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    allocator = new RootAllocator(Long.MAX_VALUE);
    batches = EventFiles.batches(allocator, rows);
    databases = Files.createTempDirectory("sluice-ingest-bench");
    server =
        SluiceServer.start(
            ServerConfig.parse(
                Map.of(
                    "data", databases.resolve("sluice").toString(),
                    "port", "0",
                    "http.port", "0"),
                databases));
    client =
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.flightPort()))
            .build();
    flightSql = new FlightSqlClient(client);
    duck = DriverManager.getConnection("jdbc:duckdb:" + databases.resolve("duck.db"));
  }

  /** Drops the last operation's tables, outside the measured time. */
  @Setup(Level.Invocation)
  public void dropTables() throws SQLException {
    flightSql.executeUpdate("DROP TABLE IF EXISTS events");
    try (Statement s = duck.createStatement()) {
      s.execute("DROP TABLE IF EXISTS events");
      s.execute("CHECKPOINT");
    }
  }

  /** Checks that the last operation stored every row, outside the measured time. */
  @TearDown(Level.Invocation)
  public void checkRows() throws SQLException {
    if (checkedBy == duck) {
      FileLoadBenchmark.checkCount(duck, "events", rows);
    } else if (checkedTable != null) {
      long stored = server.engine().store().table(checkedTable).rowCount();
      if (stored != rows) {
        throw new IllegalStateException("Sluice stored " + stored + " rows, not " + rows);
      }
    }
    checkedBy = null;
    checkedTable = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    flightSql.close();
    server.close();
    duck.close();
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
    try (Stream<Path> paths = Files.walk(databases)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Sluice: every batch through one Flight SQL ingest call, creating the table. */
  @Benchmark
  public long sluiceFlightIngest() throws IOException {
    checkedTable = "events";
    TableDefinitionOptions create =
        TableDefinitionOptions.newBuilder()
            .setIfNotExist(TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
            .setIfExists(TableExistsOption.TABLE_EXISTS_OPTION_FAIL)
            .build();
    try (BatchesReader reader = new BatchesReader(allocator, DemoEvents.SCHEMA, batches)) {
      return flightSql.executeIngest(
          reader, new FlightSqlClient.ExecuteIngestOptions("events", create, null, null, Map.of()));
    }
  }

  /** DuckDB: the same batches through its in-process Arrow scan into a new table. */
  @Benchmark
  public long duckdbArrowScan() throws Exception {
    checkedBy = duck;
    BatchesReader reader = new BatchesReader(allocator, DemoEvents.SCHEMA, batches);
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      // The exported stream owns the reader: DuckDB's release of it closes the reader.
      Data.exportArrayStream(allocator, reader, stream);
      duck.unwrap(DuckDBConnection.class).registerArrowStream("batches", stream);
      try (Statement s = duck.createStatement()) {
        return s.executeLargeUpdate("CREATE TABLE events AS FROM batches");
      }
    }
  }
}
