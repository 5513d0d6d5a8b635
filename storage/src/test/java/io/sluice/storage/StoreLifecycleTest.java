package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StoreLifecycleTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void tablesAndRowsSurviveCloseAndReopen() {
    BufferAllocator allocator = arrow.allocator();
    TableDefinition first =
        TableDefinition.builder("first", AllTypes.SCHEMA)
            .shards(3)
            .distributedBy("i")
            .chunkRows(50)
            .compression(Compression.ZSTD)
            .build();
    try (Store store = Store.open(directory)) {
      RoundTripTest.append(store.createTable(first), allocator, 0, 300);
      store.createTable(TableDefinition.builder("second", AllTypes.SCHEMA).build());
    }
    try (Store store = Store.open(directory, StoreOptions.defaults().withCreateIfMissing(false))) {
      assertEquals(List.of("first", "second"), store.tableNames());
      Table table = store.table("first");
      assertEquals(first, table.definition());
      RoundTripTest.append(table, allocator, 300, 100); // chunk ids continue after the stored ones
      List<List<Object>> rows = AllTypes.drain(table.scan(ScanSpec.all(), allocator));
      assertEquals(400, rows.size());
      rows.sort(java.util.Comparator.comparing(row -> (Long) row.get(0)));
      for (int id = 0; id < 400; id++) {
        assertEquals(AllTypes.row(id), rows.get(id));
      }
    }
  }

  @Test
  void droppingATableRemovesItsRowsAndItsName() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).shards(2).build());
      RoundTripTest.append(table, allocator, 0, 100);
      store.dropTable("t");
      assertEquals(List.of(), store.tableNames());
      TableNotFoundException dropped =
          assertThrows(
              TableNotFoundException.class, () -> RoundTripTest.append(table, allocator, 0, 1));
      assertEquals("table 't' was dropped", dropped.getMessage());
      assertFalse(store.dropTableIfExists("t"));
      Table again =
          store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).shards(2).build());
      assertEquals(0, AllTypes.drain(again.scan(ScanSpec.all(), allocator)).size());
    }
    try (Store store = Store.open(directory)) {
      assertEquals(0, AllTypes.drain(store.table("t").scan(ScanSpec.all(), allocator)).size());
    }
  }

  @Test
  void aScanOpenBeforeADropStillReadsItsSnapshot() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).chunkRows(10).build());
      RoundTripTest.append(table, allocator, 0, 100);
      // In SST files below level 0, which a drop's file deletion would otherwise take away.
      store.database().flushAndCompact("test");
      try (ScanCursor cursor = table.scanShard(0, ScanSpec.all(), allocator)) {
        store.dropTable("t");
        int rows = 0;
        while (cursor.next()) {
          rows += cursor.batch().getRowCount();
        }
        assertEquals(100, rows);
      }
    }
  }

  @Test
  void closingTheStoreClosesCursorsLeftOpen() {
    BufferAllocator allocator = arrow.allocator();
    Store store = Store.open(directory);
    Table table =
        store.createTable(
            TableDefinition.builder("t", AllTypes.SCHEMA).shards(8).chunkRows(10).build());
    RoundTripTest.append(table, allocator, 0, 500);
    ScanCursor parallel = table.scan(ScanSpec.all(), allocator);
    assertTrue(parallel.next());
    ScanCursor single = table.scanShard(1, ScanSpec.all(), allocator);
    assertTrue(single.next());
    store.close();
    assertEquals(0, allocator.getAllocatedMemory());
    parallel.close();
    single.close();
    StorageException closed = assertThrows(StorageException.class, () -> store.table("t"));
    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
  }

  @Test
  void aSecondStoreInTheSameProcessIsRefused() {
    try (Store store = Store.open(directory)) {
      StoreInUseException refused =
          assertThrows(StoreInUseException.class, () -> Store.open(directory));
      assertEquals(
          "data directory "
              + store.directory()
              + " is in use by pid "
              + ProcessHandle.current().pid(),
          refused.getMessage());
    }
    Store.open(directory).close(); // released on close
  }

  @Test
  void creatingATableTwiceOrReadingAMissingOneFails() {
    try (Store store = Store.open(directory)) {
      store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build());
      TableExistsException exists =
          assertThrows(
              TableExistsException.class,
              () -> store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build()));
      assertEquals("table 't' already exists", exists.getMessage());
      TableNotFoundException missing =
          assertThrows(TableNotFoundException.class, () -> store.table("nope"));
      assertEquals("table 'nope' does not exist", missing.getMessage());
      assertThrows(TableNotFoundException.class, () -> store.dropTable("nope"));
    }
  }

  @Test
  void aStoreIsCreatedOnlyWhenAsked() {
    Path missing = directory.resolve("missing");
    NotAStoreException refused =
        assertThrows(
            NotAStoreException.class,
            () -> Store.open(missing, StoreOptions.defaults().withCreateIfMissing(false)));
    assertTrue(refused.getMessage().contains(missing.toString()), refused.getMessage());
    assertFalse(Files.exists(missing));
  }

  @Test
  void metadataIsDurableAndBatchesApplyTogether() {
    try (Store store = Store.open(directory)) {
      MetadataStore metadata = store.metadata();
      metadata.put("functions", "f1", new byte[] {1});
      metadata.put("functions", "f2", new byte[] {2});
      metadata.put("functionsX", "f3", new byte[] {3}); // a namespace that shares a prefix
      metadata.put("modules", "sha-1", new byte[0]);
      metadata.write(
          new MetadataBatch().put("functions", "f4", new byte[] {4}).delete("functions", "f1"));
      metadata.delete("modules", "absent");
    }
    try (Store store = Store.open(directory)) {
      MetadataStore metadata = store.metadata();
      assertEquals(List.of("f2", "f4"), List.copyOf(metadata.list("functions", "").keySet()));
      assertEquals(List.of("f4"), List.copyOf(metadata.list("functions", "f4").keySet()));
      assertEquals(2, metadata.get("functions", "f2").orElseThrow()[0]);
      assertEquals(0, metadata.get("modules", "sha-1").orElseThrow().length);
      assertTrue(metadata.get("functions", "f1").isEmpty());
      assertThrows(
          IllegalArgumentException.class, () -> metadata.put("bad\0namespace", "k", new byte[0]));
      assertThrows(IllegalArgumentException.class, () -> metadata.put("", "k", new byte[0]));
    }
  }
}
