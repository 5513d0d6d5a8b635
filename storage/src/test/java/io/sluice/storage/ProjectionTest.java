package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProjectionTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void aProjectionReadsOnlyTheRequestedColumnValues() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA).shards(2).chunkRows(100).build());
      RoundTripTest.append(table, allocator, 0, 1000);
      int columns = AllTypes.SCHEMA.getFields().size();

      ScanStatistics full;
      try (ScanCursor cursor = table.scan(ScanSpec.all(), allocator)) {
        AllTypes.drain(cursor);
        full = cursor.statistics();
      }
      ScanStatistics projected;
      List<List<Object>> rows;
      try (ScanCursor cursor =
          table.scan(ScanSpec.builder().columns("i", "id").build(), allocator)) {
        rows = AllTypes.drain(cursor);
        projected = cursor.statistics();
      }

      assertEquals(10, full.chunksRead());
      assertEquals(10L * columns, full.columnValuesRead());
      assertEquals(10, projected.chunksRead());
      assertEquals(20, projected.columnValuesRead(), "two columns of ten chunks");
      // Bytes: ten 8-byte ids and ten 4-byte ints with bitmaps and headers, a small share of all.
      assertTrue(projected.bytesRead() < full.bytesRead() / 5, projected + " vs " + full);
      assertEquals(1000, rows.size());
      for (List<Object> row : rows) {
        long id = (Long) row.get(1);
        assertEquals(AllTypes.value(id, 4), row.get(0));
      }
    }
  }

  @Test
  void predicateColumnsAreReadOnlyWhenRowsAreFiltered() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).chunkRows(100).build());
      RoundTripTest.append(table, allocator, 0, 1000);
      ScanSpec.Builder spec =
          ScanSpec.builder().columns("s").where(Predicate.greaterThanOrEqual("id", 0L));
      try (ScanCursor cursor = table.scan(spec.build(), allocator)) {
        AllTypes.drain(cursor);
        assertEquals(20, cursor.statistics().columnValuesRead(), "s and id of ten chunks");
      }
      try (ScanCursor cursor = table.scan(spec.filterRows(false).build(), allocator)) {
        AllTypes.drain(cursor);
        assertEquals(
            10, cursor.statistics().columnValuesRead(), "only s: chunks are pruned, not filtered");
      }
    }
  }
}
