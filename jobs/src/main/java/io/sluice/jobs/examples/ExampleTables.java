package io.sluice.jobs.examples;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Creates the examples' input tables from the generators: {@code docs(id BIGINT, text VARCHAR)}
 * from {@link Documents} and {@code access_logs(line VARCHAR)} from {@link AccessLogs}, spread
 * round-robin over their shards, appended a batch at a time.
 */
public final class ExampleTables {
  /** The seed of every example table, so a table is the same wherever it is generated. */
  public static final long SEED = 42;

  private static final int BATCH_ROWS = 1 << 16;

  private ExampleTables() {}

  /**
   * @param store the store
   * @param name the table's name
   * @param rows documents to generate
   * @param shards the table's shards
   * @param allocator where batches are built
   * @return the new table
   */
  public static Table documents(
      Store store, String name, long rows, int shards, BufferAllocator allocator) {
    Schema schema =
        new Schema(
            List.of(
                ColumnType.field("id", new ArrowType.Int(64, true), false),
                ColumnType.field("text", ArrowType.Utf8.INSTANCE, true)));
    Table table = create(store, name, schema, shards);
    Documents documents = new Documents(SEED);
    fill(table, rows, allocator, id -> documents.next(), true);
    return table;
  }

  /**
   * @param store the store
   * @param name the table's name
   * @param rows lines to generate
   * @param shards the table's shards
   * @param allocator where batches are built
   * @return the new table
   */
  public static Table accessLogs(
      Store store, String name, long rows, int shards, BufferAllocator allocator) {
    Schema schema = new Schema(List.of(ColumnType.field("line", ArrowType.Utf8.INSTANCE, true)));
    Table table = create(store, name, schema, shards);
    AccessLogs logs = new AccessLogs(SEED);
    fill(table, rows, allocator, id -> logs.next(), false);
    return table;
  }

  private static Table create(Store store, String name, Schema schema, int shards) {
    return store.createTable(TableDefinition.builder(name, schema).shards(shards).build());
  }

  private static void fill(
      Table table,
      long rows,
      BufferAllocator allocator,
      LongFunction<String> text,
      boolean withId) {
    for (long first = 0; first < rows; first += BATCH_ROWS) {
      int n = (int) Math.min(BATCH_ROWS, rows - first);
      try (VectorSchemaRoot batch = VectorSchemaRoot.create(table.schema(), allocator)) {
        VarCharVector texts = (VarCharVector) batch.getVector(withId ? 1 : 0);
        texts.allocateNew(n);
        if (withId) {
          BigIntVector ids = (BigIntVector) batch.getVector(0);
          ids.allocateNew(n);
          for (int i = 0; i < n; i++) {
            ids.set(i, first + i);
          }
        }
        for (int i = 0; i < n; i++) {
          texts.setSafe(i, text.apply(first + i).getBytes(StandardCharsets.UTF_8));
        }
        batch.setRowCount(n);
        table.append(batch);
      }
    }
  }
}
