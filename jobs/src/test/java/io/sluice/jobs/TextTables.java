package io.sluice.jobs;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/** One-column tables of texts for the fault tests, spread over shards in small chunks. */
final class TextTables {
  private TextTables() {}

  static Table create(
      Store store,
      String name,
      int rows,
      int shards,
      IntFunction<String> text,
      BufferAllocator allocator) {
    Schema schema = new Schema(List.of(ColumnType.field("text", ArrowType.Utf8.INSTANCE, true)));
    Table table =
        store.createTable(
            TableDefinition.builder(name, schema).shards(shards).chunkRows(512).build());
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      VarCharVector texts = (VarCharVector) batch.getVector(0);
      texts.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        texts.setSafe(i, text.apply(i).getBytes(StandardCharsets.UTF_8));
      }
      batch.setRowCount(rows);
      table.append(batch);
    }
    return table;
  }

  /** What a (text, 1) map summed per text gives. */
  static Map<Object, Object> counts(int rows, IntFunction<String> text) {
    Map<Object, Object> counts = new HashMap<>();
    for (int i = 0; i < rows; i++) {
      counts.merge(text.apply(i), 1L, (a, b) -> (Long) a + (Long) b);
    }
    return counts;
  }
}
