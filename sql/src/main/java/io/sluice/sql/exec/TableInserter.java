package io.sluice.sql.exec;

import io.sluice.sql.catalog.SluiceTable;
import io.sluice.sql.type.ValueWriter;
import io.sluice.storage.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Writes the rows of an {@code INSERT} into a table: fills Arrow batches of at most {@link
 * #BATCH_ROWS} rows and appends them all in one atomic write when the input is exhausted.
 */
public final class TableInserter {
  /** Rows per Arrow batch. */
  public static final int BATCH_ROWS = 65_536;

  private TableInserter() {}

  /**
   * Called from generated code.
   *
   * @param root the execution's data context
   * @param target the table
   * @param rows the rows to insert, each an {@code Object[]} of Calcite values in column order
   * @return one row: how many rows were inserted
   */
  public static Enumerable<Long> insert(
      DataContext root, SluiceTable target, Enumerable<Object[]> rows) {
    return Linq4j.singletonEnumerable(write(target, rows));
  }

  private static long write(SluiceTable target, Enumerable<Object[]> rows) {
    Table table = target.engine().store().table(target.name());
    Schema schema = table.schema();
    BufferAllocator allocator =
        target.engine().allocator().newChildAllocator("insert-" + target.name(), 0, Long.MAX_VALUE);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      long count = 0;
      VectorSchemaRoot batch = null;
      ValueWriter[] writers = null;
      int row = 0;
      try (Enumerator<Object[]> enumerator = rows.enumerator()) {
        while (enumerator.moveNext()) {
          if (batch == null) {
            batch = VectorSchemaRoot.create(schema, allocator);
            batch.allocateNew();
            batches.add(batch);
            writers = writers(batch);
            row = 0;
          }
          Object[] values = enumerator.current();
          for (int c = 0; c < writers.length; c++) {
            writers[c].write(row, values[c]);
          }
          row++;
          count++;
          if (row == BATCH_ROWS) {
            batch.setRowCount(row);
            batch = null;
          }
        }
      }
      if (batch != null) {
        batch.setRowCount(row);
      }
      if (!batches.isEmpty()) {
        table.appendAll(batches);
      }
      return count;
    } finally {
      batches.forEach(VectorSchemaRoot::close);
      allocator.close();
    }
  }

  private static ValueWriter[] writers(VectorSchemaRoot batch) {
    List<FieldVector> vectors = batch.getFieldVectors();
    ValueWriter[] writers = new ValueWriter[vectors.size()];
    for (int c = 0; c < writers.length; c++) {
      writers[c] = ValueWriter.of(vectors.get(c));
    }
    return writers;
  }
}
