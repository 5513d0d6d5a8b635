package io.sluice.cli;

import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import io.sluice.storage.AppendResult;
import io.sluice.storage.Predicate;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.ScanStatistics;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: creates the {@code events} table in a data directory, appends generated rows
 * in batches, scans them back with a projection and a predicate, then registers the example wasm
 * functions and runs SQL that calls them on the shards, reporting what it did.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Store a generated table of web events, scan it back, and query it with the example wasm"
            + " functions running on the shards.")
final class DemoCommand implements Callable<Integer> {

  private static final int BATCH_ROWS = 100_000;
  private static final long SEED = 20_240_101L;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      defaultValue = "./sluice-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--shards",
      defaultValue = "4",
      description = "Shards of the table (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--udfs",
      description =
          "Directory of the example wasm modules (default: examples/udfs of the Sluice checkout).")
  Path udfs;

  @Override
  public Integer call() throws SQLException {
    if (rows < 1 || shards < 1) {
      throw new ParameterException(spec.commandLine(), "--rows and --shards must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path modules = modulesDirectory();
    try (Connection connection =
        DriverManager.getConnection(
            "jdbc:sluice:" + data.toAbsolutePath() + ";modules=" + modules)) {
      SluiceEngine engine = SluiceDriver.engine(connection);
      Store store = engine.store();
      out.printf(
          Locale.ROOT,
          "Store   %s (%d table(s) already there)%n",
          store.directory(),
          store.tableNames().size());
      if (store.dropTableIfExists(DemoEvents.TABLE)) {
        out.printf(
            Locale.ROOT,
            "        dropped the existing table '%s' to recreate it%n",
            DemoEvents.TABLE);
      }
      Table table = store.createTable(DemoEvents.definition(shards));
      try (BufferAllocator allocator =
          engine.allocator().newChildAllocator("demo", 0, Long.MAX_VALUE)) {
        ingest(table, allocator, out);
        out.printf(
            Locale.ROOT,
            "        %s on disk now (RocksDB files and write-ahead log)%n",
            megabytes(store.diskBytes()));
        scanRecentErrors(table, allocator, out);
        scanOneColumn(table, allocator, out);
      }
      new DemoQueries(connection, engine, out).run();
    }
    out.flush();
    return 0;
  }

  /** The example modules: --udfs, else examples/udfs of the checkout the launcher runs from. */
  private Path modulesDirectory() {
    if (udfs != null) {
      return udfs.toAbsolutePath();
    }
    String home = System.getProperty("sluice.home", System.getProperty("user.dir"));
    return Path.of(home, "examples", "udfs").toAbsolutePath();
  }

  private void ingest(Table table, BufferAllocator allocator, PrintWriter out) {
    long started = System.nanoTime();
    long arrowBytes = 0;
    long chunks = 0;
    long written = 0;
    for (long first = 0; first < rows; first += BATCH_ROWS) {
      int count = (int) Math.min(BATCH_ROWS, rows - first);
      try (VectorSchemaRoot batch = DemoEvents.batch(allocator, SEED, first, count)) {
        arrowBytes +=
            batch.getFieldVectors().stream().mapToLong(vector -> vector.getBufferSize()).sum();
        AppendResult result = table.append(batch);
        chunks += result.chunks();
        written += result.bytes();
      }
    }
    double seconds = seconds(started);
    out.printf(
        Locale.ROOT,
        "Ingest  %,d rows of table '%s' (%d columns) into %d shards: %,d chunks, %s of Arrow data -> %s stored (ZSTD)%n",
        rows,
        table.name(),
        table.schema().getFields().size(),
        table.shardCount(),
        chunks,
        megabytes(arrowBytes),
        megabytes(written));
    out.printf(
        Locale.ROOT,
        "        %.2f s: %,.0f rows/s, %.1f MB/s of Arrow data (generation included, every batch fsynced)%n",
        seconds,
        rows / seconds,
        arrowBytes / 1e6 / seconds);
  }

  private void scanRecentErrors(Table table, BufferAllocator allocator, PrintWriter out) {
    long lastMicros = DemoEvents.START_MICROS + rows * DemoEvents.STEP_MICROS;
    long fromMicros =
        DemoEvents.START_MICROS + (rows - Math.max(1, rows / 10)) * DemoEvents.STEP_MICROS;
    LocalDateTime from =
        LocalDateTime.ofInstant(Instant.EPOCH.plusNanos(fromMicros * 1000), ZoneOffset.UTC);
    ScanSpec scan =
        ScanSpec.builder()
            .columns("id", "ts", "status", "latency_ms", "url")
            .where(
                Predicate.greaterThanOrEqual("ts", from),
                Predicate.greaterThanOrEqual("status", (short) 500))
            .build();
    out.printf(
        Locale.ROOT,
        "Scan    SELECT id, ts, status, latency_ms, url WHERE ts >= '%s' AND status >= 500%n",
        from);
    long started = System.nanoTime();
    String sample = null;
    try (ScanCursor cursor = table.scan(scan, allocator)) {
      while (cursor.next()) {
        if (sample == null) {
          sample = firstRow(cursor.batch());
        }
      }
      report(out, cursor.statistics(), seconds(started));
    }
    if (sample != null) {
      out.printf(Locale.ROOT, "        e.g. %s%n", sample);
    }
    if (lastMicros <= fromMicros) {
      throw new IllegalStateException("the time range is empty");
    }
  }

  private void scanOneColumn(Table table, BufferAllocator allocator, PrintWriter out) {
    out.println("Scan    SELECT latency_ms (every row, one column)");
    long started = System.nanoTime();
    try (ScanCursor cursor =
        table.scan(ScanSpec.builder().columns("latency_ms").build(), allocator)) {
      while (cursor.next()) {
        // Reading the batches is the work measured here.
      }
      report(out, cursor.statistics(), seconds(started));
    }
  }

  private static void report(PrintWriter out, ScanStatistics statistics, double seconds) {
    out.printf(
        Locale.ROOT,
        "        %,d rows matched in %.3f s; %d shards, %d of %d chunks read, %d skipped by statistics;"
            + " %,d column values, %s read%n",
        statistics.rowsReturned(),
        seconds,
        statistics.shards(),
        statistics.chunksRead(),
        statistics.chunksTotal(),
        statistics.chunksSkipped(),
        statistics.columnValuesRead(),
        megabytes(statistics.bytesRead()));
  }

  private static String firstRow(VectorSchemaRoot batch) {
    StringBuilder row = new StringBuilder();
    for (var vector : batch.getFieldVectors()) {
      row.append(row.length() == 0 ? "" : " | ").append(vector.getObject(0));
    }
    return row.toString();
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
