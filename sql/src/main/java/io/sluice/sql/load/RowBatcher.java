package io.sluice.sql.load;

import io.sluice.sql.type.ValueWriter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Gathers rows as Calcite's operators produce them ({@code Object[]} of Calcite values) into Arrow
 * batches of a schema, for the row-at-a-time parts of a plan whose result goes into a table or a
 * file.
 */
public final class RowBatcher {
  /** Rows per batch: one default chunk. */
  public static final int BATCH_ROWS = 65_536;

  private RowBatcher() {}

  /** Receives each full batch, which it may empty but not keep. */
  public interface BatchConsumer {
    void accept(VectorSchemaRoot batch);
  }

  /**
   * @param rows the rows, each with the schema's columns in order
   * @param schema the batches' columns
   * @param allocator where batches live
   * @param consumer receives each batch
   * @param cancelled polled between rows
   * @return rows read
   */
  public static long drain(
      Enumerator<Object[]> rows,
      Schema schema,
      BufferAllocator allocator,
      BatchConsumer consumer,
      java.util.function.BooleanSupplier cancelled) {
    long count = 0;
    VectorSchemaRoot batch = null;
    ValueWriter[] writers = null;
    int row = 0;
    try {
      while (rows.moveNext()) {
        if (batch == null) {
          batch = VectorSchemaRoot.create(schema, allocator);
          batch.allocateNew();
          List<FieldVector> vectors = batch.getFieldVectors();
          writers = new ValueWriter[vectors.size()];
          for (int c = 0; c < writers.length; c++) {
            writers[c] = ValueWriter.of(vectors.get(c));
          }
          row = 0;
        }
        Object[] values = rows.current();
        for (int c = 0; c < writers.length; c++) {
          writers[c].write(row, values[c]);
        }
        row++;
        count++;
        if (row == BATCH_ROWS) {
          flush(batch, row, consumer);
          batch.close();
          batch = null;
          if (cancelled.getAsBoolean()) {
            throw new IllegalStateException("the statement was cancelled");
          }
        }
      }
      if (batch != null) {
        flush(batch, row, consumer);
      }
      return count;
    } finally {
      if (batch != null) {
        batch.close();
      }
    }
  }

  private static void flush(VectorSchemaRoot batch, int rows, BatchConsumer consumer) {
    for (FieldVector vector : batch.getFieldVectors()) {
      vector.setValueCount(rows);
    }
    batch.setRowCount(rows);
    consumer.accept(batch);
  }
}
