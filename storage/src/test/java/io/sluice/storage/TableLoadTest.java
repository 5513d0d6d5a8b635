package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bulk loads: chunking of small batches, all-or-nothing visibility, new and replaced tables. */
class TableLoadTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  private static List<List<Object>> scanAll(
      Table table, org.apache.arrow.memory.BufferAllocator a) {
    try (ScanCursor cursor = table.scan(ScanSpec.all(), a)) {
      List<List<Object>> rows = AllTypes.drain(cursor);
      rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
      return rows;
    }
  }

  private static List<List<Object>> expected(long first, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      rows.add(AllTypes.row(id));
    }
    return rows;
  }

  @Test
  void smallBatchesBecomeFullChunksVisibleOnlyAtCommit() {
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA).shards(3).chunkRows(1000).build());
      try (TableLoad load = table.load(arrow.allocator())) {
        for (int b = 0; b < 35; b++) {
          try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), b * 100L, 100)) {
            load.append(batch);
          }
        }
        assertEquals(3500, load.rows());
        // Three full chunks are staged, but nothing is visible before the commit.
        assertEquals(0, table.rowCount());
        assertTrue(scanAll(table, arrow.allocator()).isEmpty());
        AppendResult result = load.commit();
        assertEquals(3500, result.rows());
        assertEquals(4, result.chunks(), "3 full chunks of 1,000 rows and the last 500");
      }
      assertEquals(3500, table.rowCount());
      assertEquals(expected(0, 3500), scanAll(table, arrow.allocator()));
      try (ScanCursor cursor = table.scan(ScanSpec.all(), arrow.allocator())) {
        AllTypes.drain(cursor);
        assertEquals(4, cursor.statistics().chunksRead());
      }
    }
    try (Store store = Store.open(directory)) {
      assertEquals(3500, store.table("t").rowCount());
      assertEquals(expected(0, 3500), scanAll(store.table("t"), arrow.allocator()));
    }
    assertStagingEmpty();
  }

  @Test
  void hashDistributedLoadPutsRowsWhereAppendsDo() {
    try (Store store = Store.open(directory)) {
      Table loaded =
          store.createTable(
              TableDefinition.builder("loaded", AllTypes.SCHEMA)
                  .shards(4)
                  .distributedBy("id")
                  .chunkRows(64)
                  .build());
      Table appended =
          store.createTable(
              TableDefinition.builder("appended", AllTypes.SCHEMA)
                  .shards(4)
                  .distributedBy("id")
                  .chunkRows(64)
                  .build());
      try (TableLoad load = loaded.load(arrow.allocator())) {
        for (int b = 0; b < 10; b++) {
          try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), b * 70L, 70)) {
            load.append(batch);
          }
        }
        load.commit();
      }
      RoundTripTest.append(appended, arrow.allocator(), 0, 700);
      for (int shard = 0; shard < 4; shard++) {
        try (ScanCursor a = loaded.scanShard(shard, ScanSpec.all(), arrow.allocator());
            ScanCursor b = appended.scanShard(shard, ScanSpec.all(), arrow.allocator())) {
          List<List<Object>> left = AllTypes.drain(a);
          List<List<Object>> right = AllTypes.drain(b);
          left.sort(Comparator.comparing(row -> (Long) row.get(0)));
          right.sort(Comparator.comparing(row -> (Long) row.get(0)));
          assertEquals(right, left, "shard " + shard);
        }
      }
    }
  }

  @Test
  void aLoadClosedWithoutCommitLeavesNothing() throws Exception {
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).chunkRows(10).build());
      RoundTripTest.append(table, arrow.allocator(), 0, 5);
      try (TableLoad load = table.load(arrow.allocator())) {
        try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 100, 95)) {
          load.append(batch);
        }
        assertTrue(load.bytesWritten() > 0);
      }
      assertEquals(5, table.rowCount());
      assertEquals(expected(0, 5), scanAll(table, arrow.allocator()));
      // The table takes appends and loads as before.
      RoundTripTest.append(table, arrow.allocator(), 5, 5);
      assertEquals(expected(0, 10), scanAll(table, arrow.allocator()));
    }
    assertStagingEmpty();
  }

  @Test
  void aBadBatchFailsAloneAndTheLoadGoesOn() {
    try (Store store = Store.open(directory)) {
      Table table = store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build());
      try (TableLoad load = table.load(arrow.allocator());
          VectorSchemaRoot good = AllTypes.batch(arrow.allocator(), 0, 10);
          VectorSchemaRoot wrong =
              VectorSchemaRoot.create(CrashIngestMain.SCHEMA, arrow.allocator())) {
        load.append(good);
        wrong.setRowCount(0);
        assertThrows(SchemaMismatchException.class, () -> load.append(wrong));
        load.commit();
      }
      assertEquals(expected(0, 10), scanAll(table, arrow.allocator()));
    }
  }

  @Test
  void aNewTableAppearsWithItsRowsAtCommit() {
    try (Store store = Store.open(directory)) {
      TableDefinition definition =
          TableDefinition.builder("fresh", AllTypes.SCHEMA).shards(2).chunkRows(100).build();
      try (TableLoad load = store.loadNewTable(definition, false, arrow.allocator())) {
        try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 0, 250)) {
          load.append(batch);
        }
        assertFalse(store.findTable("fresh").isPresent(), "not before the commit");
        load.commit();
      }
      assertEquals(250, store.table("fresh").rowCount());
      assertEquals(expected(0, 250), scanAll(store.table("fresh"), arrow.allocator()));
      // A second load of the same name fails up front, or at commit if the name was taken later.
      assertThrows(
          TableExistsException.class,
          () -> store.loadNewTable(definition, false, arrow.allocator()));
      TableDefinition later = TableDefinition.builder("later", AllTypes.SCHEMA).build();
      try (TableLoad load = store.loadNewTable(later, false, arrow.allocator())) {
        store.createTable(later);
        assertThrows(TableExistsException.class, load::commit);
      }
      assertEquals(0, store.table("later").rowCount());
      // An abandoned new table never appears.
      TableDefinition abandoned = TableDefinition.builder("abandoned", AllTypes.SCHEMA).build();
      try (TableLoad load = store.loadNewTable(abandoned, false, arrow.allocator());
          VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 0, 10)) {
        load.append(batch);
      }
      assertFalse(store.findTable("abandoned").isPresent());
    }
    try (Store store = Store.open(directory)) {
      assertEquals(List.of("fresh", "later"), store.tableNames());
    }
  }

  @Test
  void aReplacingLoadSwapsTablesInOneWrite() {
    try (Store store = Store.open(directory)) {
      Table old = store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build());
      RoundTripTest.append(old, arrow.allocator(), 0, 20);
      try (ScanCursor reading = old.scan(ScanSpec.all(), arrow.allocator())) {
        try (TableLoad load =
            store.loadNewTable(
                TableDefinition.builder("t", AllTypes.SCHEMA).build(), true, arrow.allocator())) {
          try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 1000, 3)) {
            load.append(batch);
          }
          assertEquals(20, store.table("t").rowCount());
          load.commit();
        }
        // A scan opened before the swap still reads the old rows.
        assertEquals(20, AllTypes.drain(reading).size());
      }
      assertEquals(expected(1000, 3), scanAll(store.table("t"), arrow.allocator()));
      assertThrows(TableNotFoundException.class, old::rowCount);
    }
  }

  @Test
  void closingTheStoreAbandonsOpenLoads() {
    Store store = Store.open(directory);
    Table table = store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build());
    TableLoad load = table.load(arrow.allocator());
    try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 0, 10)) {
      load.append(batch);
    }
    store.close();
    try (Store again = Store.open(directory)) {
      assertEquals(0, again.table("t").rowCount());
    }
  }

  /**
   * A commit racing a DROP of its table: the commit took the table's lock and then the catalog's,
   * DROP the other way round, and the two waited for each other forever.
   */
  @Test
  void aCommitRacingADropOfItsTableNeverDeadlocks() throws Exception {
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (Store store = Store.open(directory)) {
      for (int i = 0; i < 200; i++) {
        String name = "t" + i;
        Table table = store.createTable(TableDefinition.builder(name, AllTypes.SCHEMA).build());
        TableLoad load = table.load(arrow.allocator());
        try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 0, 50)) {
          load.append(batch);
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        var commit =
            threads.submit(
                () -> {
                  start.await();
                  try (load) {
                    load.commit();
                  } catch (TableNotFoundException dropped) {
                    // The drop won: the load is abandoned, which is fine.
                  }
                  return null;
                });
        long delayNanos = (i % 20) * 250_000L; // 0 to 5 ms: some drops land inside the commit
        var drop =
            threads.submit(
                () -> {
                  start.await();
                  long until = System.nanoTime() + delayNanos;
                  while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                  }
                  store.dropTable(name);
                  return null;
                });
        commit.get(30, java.util.concurrent.TimeUnit.SECONDS);
        drop.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(store.findTable(name).isPresent());
      }
    } finally {
      threads.shutdownNow();
    }
    assertStagingEmpty();
  }

  private void assertStagingEmpty() {
    Path loads = directory.resolve(Store.LOADS_DIRECTORY);
    if (Files.exists(loads)) {
      try (Stream<Path> files = Files.list(loads)) {
        assertEquals(List.of(), files.toList());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
