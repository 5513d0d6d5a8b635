package io.sluice.benchmarks.load;

import io.sluice.cli.DemoEvents;
import io.sluice.connectors.BatchSink;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The benchmark files: the demo's {@code events} rows (seed 42) written once per row count to a
 * directory under the system's temporary directory and reused by later runs. Sluice writes the rows
 * to Parquet; DuckDB turns that into {@code events.parquet} (its defaults: Snappy, row groups of
 * 122,880 rows) and {@code events.csv} (with a header), so both engines read files written by the
 * peer, not by Sluice.
 */
public final class EventFiles {
  /** Rows per generated batch, as the demo generates them. */
  static final int BATCH_ROWS = 65_536;

  static final long SEED = 42;

  private EventFiles() {}

  /**
   * @param rows how many events
   * @return the directory holding {@code events.csv} and {@code events.parquet}
   */
  public static synchronized Path of(int rows) {
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-events-" + rows);
    Path done = directory.resolve("complete");
    if (Files.exists(done)) {
      return directory;
    }
    try {
      Files.createDirectories(directory);
      Path source = directory.resolve("sluice-written.parquet");
      try (BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator(Long.MAX_VALUE);
          BatchSink sink =
              FileSink.open(
                  source,
                  DemoEvents.SCHEMA,
                  FileOptions.of(Map.of("format", "parquet")),
                  allocator)) {
        for (int first = 0; first < rows; first += BATCH_ROWS) {
          try (VectorSchemaRoot batch =
              DemoEvents.batch(allocator, SEED, first, Math.min(BATCH_ROWS, rows - first))) {
            sink.write(batch);
          }
        }
        sink.finish();
      }
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        s.execute(
            "COPY (FROM read_parquet('"
                + source
                + "')) TO '"
                + directory.resolve("events.parquet")
                + "' (FORMAT parquet)");
        s.execute(
            "COPY (FROM read_parquet('"
                + source
                + "')) TO '"
                + directory.resolve("events.csv")
                + "' (HEADER)");
      }
      Files.delete(source);
      Files.writeString(done, "");
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param allocator where the batches live
   * @param rows how many events
   * @return the events as batches of {@link #BATCH_ROWS}; the caller closes them
   */
  static List<VectorSchemaRoot> batches(BufferAllocator allocator, int rows) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (int first = 0; first < rows; first += BATCH_ROWS) {
      batches.add(DemoEvents.batch(allocator, SEED, first, Math.min(BATCH_ROWS, rows - first)));
    }
    return batches;
  }

  /**
   * @param path a file
   * @return its size in MB, for the report
   */
  static double megabytes(Path path) {
    try {
      return Files.size(path) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
