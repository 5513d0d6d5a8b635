package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.storage.internal.RocksDbDatabase;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan reads one snapshot, taken when it is opened, whatever happens before its shard tasks run:
 * appends after {@code scan()} returned are invisible to every shard, and a drop or a publishing
 * rename does not make later shards fail, even when the rows live in SST files that the drop would
 * reclaim.
 */
class ScanSnapshotTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  /** Holds shard tasks until told to run them, like a pool whose threads are all busy. */
  private static final class HeldExecutor implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    /** Runs the first held task to its end on another thread (its batches fit the queue). */
    void runFirst() throws InterruptedException {
      Runnable task;
      synchronized (this) {
        task = tasks.remove(0);
      }
      Thread thread = new Thread(task, "held-shard-task");
      thread.start();
      thread.join();
    }

    /** Runs the remaining tasks one after another on one other thread, as a 1-thread pool. */
    void runRest() {
      List<Runnable> rest;
      synchronized (this) {
        rest = List.copyOf(tasks);
        tasks.clear();
      }
      Thread thread = new Thread(() -> rest.forEach(Runnable::run), "held-shard-pool");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private static Table fourShards(Store store, String name) {
    // 100 rows over 4 shards in chunks of 50: at most 2 batches and an end mark per shard, so a
    // shard task runs to its end without a consumer (the cursor's queue holds 5 items).
    return store.createTable(
        TableDefinition.builder(name, AllTypes.SCHEMA)
            .shards(4)
            .distributedBy("id")
            .chunkRows(50)
            .build());
  }

  private static List<Long> ids(List<List<Object>> rows) {
    return rows.stream()
        .map(row -> (Long) row.get(0))
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.toList());
  }

  private static List<Long> range(long first, long count) {
    return LongStream.range(first, first + count).boxed().collect(Collectors.toList());
  }

  private static long sstBytes(Store store, RocksDbDatabase.Family family) {
    return store.database().liveSstBytes(family, "measuring");
  }

  @Test
  void anAppendAfterScanReturnedIsInvisibleToEveryShard() throws Exception {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table = fourShards(store, "t");
      RoundTripTest.append(table, allocator, 0, 100);
      HeldExecutor executor = new HeldExecutor();
      try (ScanCursor cursor = table.scan(ScanSpec.all(), allocator, executor)) {
        executor.runFirst(); // one shard read before the append, the others after it
        RoundTripTest.append(table, allocator, 100, 100);
        executor.runRest();
        assertEquals(range(0, 100), ids(AllTypes.drain(cursor)));
      }
      assertEquals(range(0, 200), ids(AllTypes.drain(table.scan(ScanSpec.all(), allocator))));
    }
  }

  @Test
  void aDropAfterScanReturnedLetsEveryShardReadItsRows() throws Exception {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table = fourShards(store, "t");
      RoundTripTest.append(table, allocator, 0, 100);
      store.database().flushAndCompact("test"); // rows in SST files, below level 0
      HeldExecutor executor = new HeldExecutor();
      try (ScanCursor cursor = table.scan(ScanSpec.all(), allocator, executor)) {
        executor.runFirst();
        store.dropTable("t");
        executor.runRest();
        assertEquals(range(0, 100), ids(AllTypes.drain(cursor)));
      }
      // The last snapshot that could read the rows is gone: their files were reclaimed.
      assertEquals(0, sstBytes(store, RocksDbDatabase.Family.COLUMNS));
      assertEquals(0, sstBytes(store, RocksDbDatabase.Family.CHUNKS));
    }
  }

  @Test
  void aPublishingRenameLetsAnOpenScanOfTheReplacedTableFinish() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table visible =
          store.createTable(
              TableDefinition.builder("visible", AllTypes.SCHEMA).chunkRows(10).build());
      RoundTripTest.append(visible, allocator, 0, 100);
      store.database().flushAndCompact("test");
      try (ScanCursor cursor = visible.scanShard(0, ScanSpec.all(), allocator)) {
        Table hidden = fourShards(store, "hidden");
        RoundTripTest.append(hidden, allocator, 1000, 10);
        store.renameTable("hidden", "visible", true, new MetadataBatch()); // a job publishing
        assertEquals(range(0, 100), ids(AllTypes.drain(cursor)));
      }
      assertEquals(
          range(1000, 10),
          ids(AllTypes.drain(store.table("visible").scan(ScanSpec.all(), allocator))));
    }
  }

  @Test
  void dropsWithNoScanOpenReclaimAtOnceAndReopeningReadsTheSurvivors() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      RoundTripTest.append(fourShards(store, "gone"), allocator, 0, 100);
      RoundTripTest.append(fourShards(store, "kept"), allocator, 0, 100);
      store.database().flushAndCompact("test");
      long before = sstBytes(store, RocksDbDatabase.Family.COLUMNS);
      store.dropTable("gone");
      assertTrue(sstBytes(store, RocksDbDatabase.Family.COLUMNS) <= before);
      assertEquals(
          range(0, 100), ids(AllTypes.drain(store.table("kept").scan(ScanSpec.all(), allocator))));
    }
    try (Store store = Store.open(directory)) {
      assertEquals(List.of("kept"), store.tableNames());
      assertEquals(
          range(0, 100), ids(AllTypes.drain(store.table("kept").scan(ScanSpec.all(), allocator))));
    }
  }
}
