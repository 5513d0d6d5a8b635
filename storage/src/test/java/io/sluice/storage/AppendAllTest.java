package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several batches appended in one atomic write, and the table's row count. */
class AppendAllTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void appendsEveryBatchAndCountsRows() {
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA).shards(3).distributedBy("id").build());
      assertEquals(0, table.rowCount());
      try (VectorSchemaRoot a = AllTypes.batch(arrow.allocator(), 0, 100);
          VectorSchemaRoot b = AllTypes.batch(arrow.allocator(), 100, 50)) {
        AppendResult result = table.appendAll(List.of(a, b));
        assertEquals(150, result.rows());
      }
      assertEquals(150, table.rowCount());
      RoundTripTest.append(table, arrow.allocator(), 150, 7);
      assertEquals(157, table.rowCount());
    }
    try (Store store = Store.open(directory)) {
      // After reopening, the count comes from the chunk headers.
      assertEquals(157, store.table("t").rowCount());
    }
  }

  @Test
  void oneBadBatchWritesNothingOfTheOthers() {
    try (Store store = Store.open(directory)) {
      Table table = store.createTable(TableDefinition.builder("t", AllTypes.SCHEMA).build());
      List<Field> fields = new ArrayList<>(AllTypes.SCHEMA.getFields());
      fields.remove(fields.size() - 1);
      try (VectorSchemaRoot good = AllTypes.batch(arrow.allocator(), 0, 10);
          VectorSchemaRoot bad = VectorSchemaRoot.create(new Schema(fields), arrow.allocator())) {
        bad.setRowCount(0);
        assertThrows(SchemaMismatchException.class, () -> table.appendAll(List.of(good, bad)));
      }
      assertEquals(0, table.rowCount());
      try (ScanCursor cursor = table.scan(ScanSpec.all(), arrow.allocator())) {
        assertEquals(false, cursor.next());
      }
    }
  }
}
