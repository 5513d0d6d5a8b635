package io.sluice.benchmarks.storage;

import io.sluice.storage.Predicate;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.ScanStatistics;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scans of a stored 10M-row, 4-column table (4 shards, parallel scan on the store's pool): every
 * column, one column, and a predicate whose statistics skip 90% of chunks; each beside the same
 * work on the same data held in memory as plain Arrow batches, the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class StorageScanBenchmark {

  /** The first id of the last tenth of the table: 90% of the chunks hold only smaller ids. */
  static final long LAST_TENTH = StorageBenchmarkData.ROWS - StorageBenchmarkData.ROWS / 10;

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> memory;
  private Path directory;
  private Store store;
  private Table table;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    allocator = new RootAllocator();
    memory = StorageBenchmarkData.generate(allocator);
    directory = Files.createTempDirectory("sluice-bench-scan");
    store = Store.open(directory);
    table = store.createTable(StorageBenchmarkData.table("bench"));
    for (VectorSchemaRoot batch : memory) {
      table.append(batch);
    }
    System.out.printf(
        "%n[data] %d rows, %d Arrow bytes in memory, %d bytes on disk%n",
        StorageBenchmarkData.ROWS, StorageBenchmarkData.arrowBytes(memory), store.diskBytes());
    report("full", ScanSpec.all());
    report("projection", ScanSpec.builder().columns("price").build());
    report("predicate", predicate());
  }

  private void report(String name, ScanSpec spec) {
    try (ScanCursor cursor = table.scan(spec, allocator)) {
      while (cursor.next()) {
        StorageBenchmarkData.consume(cursor.batch());
      }
      ScanStatistics statistics = cursor.statistics();
      System.out.printf("[scan %s] %s%n", name, statistics);
    }
  }

  private static ScanSpec predicate() {
    return ScanSpec.builder()
        .columns("id", "price")
        .where(Predicate.greaterThanOrEqual("id", LAST_TENTH))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    memory.forEach(VectorSchemaRoot::close);
    allocator.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private long scan(ScanSpec spec) {
    long sum = 0;
    try (ScanCursor cursor = table.scan(spec, allocator)) {
      while (cursor.next()) {
        sum += StorageBenchmarkData.consume(cursor.batch());
      }
    }
    return sum;
  }

  @Benchmark
  public long baselineMemoryFullScan() {
    long sum = 0;
    for (VectorSchemaRoot batch : memory) {
      sum += StorageBenchmarkData.consume(batch);
    }
    return sum;
  }

  @Benchmark
  public long storeFullScan() {
    return scan(ScanSpec.all());
  }

  @Benchmark
  public long baselineMemoryOneColumn() {
    double sum = 0;
    for (VectorSchemaRoot batch : memory) {
      Float8Vector price = (Float8Vector) batch.getVector("price");
      for (int row = 0; row < batch.getRowCount(); row++) {
        sum += price.isNull(row) ? 0 : price.get(row);
      }
    }
    return (long) sum;
  }

  @Benchmark
  public long storeOneColumnProjection() {
    return scan(ScanSpec.builder().columns("price").build());
  }

  @Benchmark
  public long baselineMemoryPredicate() {
    double sum = 0;
    for (VectorSchemaRoot batch : memory) {
      BigIntVector id = (BigIntVector) batch.getVector("id");
      Float8Vector price = (Float8Vector) batch.getVector("price");
      for (int row = 0; row < batch.getRowCount(); row++) {
        if (id.get(row) >= LAST_TENTH) {
          sum += id.get(row) + (price.isNull(row) ? 0 : price.get(row));
        }
      }
    }
    return (long) sum;
  }

  @Benchmark
  public long storePredicateSkipping90PercentOfChunks() {
    return scan(predicate());
  }
}
