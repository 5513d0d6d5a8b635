package io.sluice.benchmarks.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.Store;
import io.sluice.storage.StoreOptions;
import io.sluice.storage.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * Appends the 10M-row, 4-column table (153 batches of 65,536 rows, 4 shards) into a fresh table,
 * once per iteration; the time of one operation is the time of the whole ingest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class StorageIngestBenchmark {

  @Param({"SYNC", "OS_BUFFERED"})
  public Durability durability;

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> memory;
  private Path directory;
  private Store store;
  private Table table;
  private int iteration;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    allocator = new RootAllocator();
    memory = StorageBenchmarkData.generate(allocator);
    directory = Files.createTempDirectory("sluice-bench-ingest");
    store = Store.open(directory, StoreOptions.defaults().withDurability(durability));
  }

  @Setup(Level.Iteration)
  public void freshTable() {
    table = store.createTable(StorageBenchmarkData.table("ingest_" + iteration++));
  }

  @TearDown(Level.Iteration)
  public void dropTable() {
    store.dropTable(table.name());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    memory.forEach(VectorSchemaRoot::close);
    allocator.close();
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public long ingest() {
    long chunks = 0;
    for (VectorSchemaRoot batch : memory) {
      chunks += table.append(batch).chunks();
    }
    return chunks;
  }
}
