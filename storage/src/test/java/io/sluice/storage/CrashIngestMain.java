package io.sluice.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The child process of {@link CrashRecoveryTest}: appends batches with unique ids to the {@code
 * crash} table forever and prints {@code ACK <batchId>} after each append returns, until killed.
 *
 * <p>Arguments: data directory, first batch id, durability.
 */
public final class CrashIngestMain {

  static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("batch_id", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("row_key", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("payload", ColumnType.VARCHAR.arrowType(), true)));

  static final int ROWS_PER_BATCH = 2000;

  private CrashIngestMain() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    long batchId = Long.parseLong(args[1]);
    Durability durability = Durability.valueOf(args[2]);
    try (BufferAllocator allocator = new RootAllocator();
        Store store = Store.open(directory, StoreOptions.defaults().withDurability(durability))) {
      Table table = store.table("crash");
      System.out.println("READY");
      System.out.flush();
      while (true) {
        try (VectorSchemaRoot batch = batch(allocator, batchId)) {
          table.append(batch);
        }
        System.out.println("ACK " + batchId);
        System.out.flush();
        batchId++;
      }
    }
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, long batchId) {
    VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
    batch.allocateNew();
    for (int row = 0; row < ROWS_PER_BATCH; row++) {
      ((BigIntVector) batch.getVector(0)).setSafe(row, batchId);
      ((BigIntVector) batch.getVector(1)).setSafe(row, batchId * ROWS_PER_BATCH + row);
      ((VarCharVector) batch.getVector(2))
          .setSafe(
              row,
              ("payload of row " + row + " of batch " + batchId).getBytes(StandardCharsets.UTF_8));
    }
    batch.setRowCount(ROWS_PER_BATCH);
    return batch;
  }
}
