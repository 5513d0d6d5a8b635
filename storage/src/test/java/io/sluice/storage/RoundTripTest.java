package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyTypeSurvivesHashDistributedChunksOfOddSizes(Compression compression) {
    roundTrip(compression, "id");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyTypeSurvivesRoundRobinChunksOfOddSizes(Compression compression) {
    roundTrip(compression, null);
  }

  private void roundTrip(Compression compression, String key) {
    BufferAllocator allocator = arrow.allocator();
    TableDefinition definition =
        TableDefinition.builder("all_types", AllTypes.SCHEMA)
            .shards(3)
            .distributedBy(key)
            .chunkRows(13) // not a multiple of 8: validity and boolean bitmaps must be re-aligned
            .compression(compression)
            .build();
    try (Store store = Store.open(directory)) {
      Table table = store.createTable(definition);
      append(table, allocator, 0, 1000);
      append(table, allocator, 1000, 1);
      append(table, allocator, 1001, 0);
      List<List<Object>> rows = AllTypes.drain(table.scan(ScanSpec.all(), allocator));
      rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
      assertEquals(1001, rows.size());
      for (int id = 0; id < 1001; id++) {
        assertEquals(AllTypes.row(id), rows.get(id), "row " + id);
      }
    }
  }

  @Test
  void everyShardHoldsRowsAndShardScansAddUpToTheTable() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA)
                  .shards(4)
                  .distributedBy("s")
                  .chunkRows(100)
                  .build());
      append(table, allocator, 0, 2000);
      List<List<Object>> all = new ArrayList<>();
      for (int shard = 0; shard < 4; shard++) {
        List<List<Object>> rows = AllTypes.drain(table.scanShard(shard, ScanSpec.all(), allocator));
        all.addAll(rows);
      }
      assertEquals(2000, all.size());
      all.sort(Comparator.comparing(row -> (Long) row.get(0)));
      for (int id = 0; id < 2000; id++) {
        assertEquals(AllTypes.row(id), all.get(id));
      }
    }
  }

  @Test
  void equalKeysLandInOneShard() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA).shards(5).distributedBy("s").build());
      append(table, allocator, 0, 500);
      java.util.Map<Object, java.util.Set<Integer>> shardsOfKey = new java.util.HashMap<>();
      try (ScanCursor cursor = table.scan(ScanSpec.builder().columns("s").build(), allocator)) {
        while (cursor.next()) {
          for (List<Object> row : AllTypes.read(cursor.batch())) {
            shardsOfKey
                .computeIfAbsent(String.valueOf(row.get(0)), k -> new java.util.HashSet<>())
                .add(cursor.shard());
          }
        }
      }
      assertTrue(shardsOfKey.size() > 3);
      shardsOfKey.forEach((value, shards) -> assertEquals(1, shards.size(), "key " + value));
    }
  }

  static void append(Table table, BufferAllocator allocator, long first, int count) {
    try (VectorSchemaRoot batch = AllTypes.batch(allocator, first, count)) {
      AppendResult result = table.append(batch);
      assertEquals(count, result.rows());
    }
  }
}
