package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Columns;
import io.sluice.sql.type.ValueWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/** The rows of an operator that is not vectorized, gathered {@link #BATCH_ROWS} at a time. */
final class RowStream implements BatchStream {
  /** Rows per batch gathered from a row input. */
  static final int BATCH_ROWS = 4096;

  private final Enumerable<Object[]> input;
  private final List<Field> fields;
  private final VectorExecution execution;
  private Enumerator<Object[]> rows;

  RowStream(Enumerable<Object[]> input, List<Field> fields, VectorExecution execution) {
    this.input = input;
    this.fields = fields;
    this.execution = execution;
  }

  @Override
  public Batch next() {
    execution.checkCancelled();
    if (rows == null) {
      rows = input.enumerator();
    }
    List<Object[]> buffer = new ArrayList<>();
    while (buffer.size() < BATCH_ROWS && rows.moveNext()) {
      buffer.add(rows.current());
    }
    if (buffer.isEmpty()) {
      return null;
    }
    Column[] columns = new Column[fields.size()];
    for (int c = 0; c < columns.length; c++) {
      try (FieldVector vector =
          ValueWriter.column(fields.get(c), buffer, buffer.size(), c, execution.allocator())) {
        columns[c] = Columns.fromVector(vector);
      }
    }
    return new Batch(columns, buffer.size());
  }

  @Override
  public void close() {
    if (rows != null) {
      rows.close();
    }
  }
}
