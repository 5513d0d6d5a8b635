package io.sluice.benchmarks.storage;

import io.sluice.storage.ColumnType;
import io.sluice.storage.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The benchmark table, 10M rows of {@code id BIGINT, quantity INT, price DOUBLE, tag VARCHAR} in
 * batches of one chunk each, and the one consumer every scan (stored or in memory) runs.
 */
final class StorageBenchmarkData {

  static final int ROWS = 10_000_000;
  static final int BATCH_ROWS = TableDefinition.DEFAULT_CHUNK_ROWS;
  static final int SHARDS = 4;

  static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("quantity", ColumnType.INT.arrowType(), true),
              ColumnType.field("price", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("tag", ColumnType.VARCHAR.arrowType(), true)));

  private StorageBenchmarkData() {}

  static TableDefinition table(String name) {
    return TableDefinition.builder(name, SCHEMA).shards(SHARDS).build();
  }

  /** The whole data set as in-memory batches, ids ascending. */
  static List<VectorSchemaRoot> generate(BufferAllocator allocator) {
    SplittableRandom random = new SplittableRandom(7);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (int first = 0; first < ROWS; first += BATCH_ROWS) {
      int count = Math.min(BATCH_ROWS, ROWS - first);
      VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
      batch.allocateNew();
      BigIntVector id = (BigIntVector) batch.getVector(0);
      IntVector quantity = (IntVector) batch.getVector(1);
      Float8Vector price = (Float8Vector) batch.getVector(2);
      VarCharVector tag = (VarCharVector) batch.getVector(3);
      for (int row = 0; row < count; row++) {
        id.setSafe(row, first + row);
        quantity.setSafe(row, random.nextInt(1000));
        price.setSafe(row, random.nextDouble() * 100);
        tag.setSafe(row, ("tag-" + random.nextInt(10_000)).getBytes(StandardCharsets.UTF_8));
      }
      batch.setRowCount(count);
      batches.add(batch);
    }
    return batches;
  }

  /** Bytes of Arrow buffers the batches hold: what MB/s figures are computed from. */
  static long arrowBytes(List<VectorSchemaRoot> batches) {
    long bytes = 0;
    for (VectorSchemaRoot batch : batches) {
      bytes += batch.getFieldVectors().stream().mapToLong(vector -> vector.getBufferSize()).sum();
    }
    return bytes;
  }

  /** Reads every value of every column of a batch, the same way for stored and in-memory data. */
  static long consume(VectorSchemaRoot batch) {
    long sum = 0;
    double doubles = 0;
    int rows = batch.getRowCount();
    for (var vector : batch.getFieldVectors()) {
      if (vector instanceof BigIntVector) {
        BigIntVector longs = (BigIntVector) vector;
        for (int row = 0; row < rows; row++) {
          sum += longs.get(row);
        }
      } else if (vector instanceof IntVector) {
        IntVector ints = (IntVector) vector;
        for (int row = 0; row < rows; row++) {
          sum += ints.isNull(row) ? 0 : ints.get(row);
        }
      } else if (vector instanceof Float8Vector) {
        Float8Vector values = (Float8Vector) vector;
        for (int row = 0; row < rows; row++) {
          doubles += values.isNull(row) ? 0 : values.get(row);
        }
      } else {
        VarCharVector strings = (VarCharVector) vector;
        for (int row = 0; row < rows; row++) {
          sum += strings.isNull(row) ? 0 : strings.getEndOffset(row) - strings.getStartOffset(row);
        }
      }
    }
    return sum + (long) doubles;
  }
}
