package io.sluice.sql.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The statistics of rows being written, gathered batch by batch. */
public final class TableSketches {
  private final List<Field> fields;
  private final DistinctSketch[] sketches;
  private final long[] nulls;
  private long rows;

  /**
   * @param schema the rows' columns
   */
  public TableSketches(Schema schema) {
    this.fields = schema.getFields();
    this.sketches = new DistinctSketch[fields.size()];
    this.nulls = new long[fields.size()];
    for (int c = 0; c < sketches.length; c++) {
      sketches[c] = new DistinctSketch();
    }
  }

  /**
   * Counts a batch whose columns are the schema's, in order.
   *
   * @param batch the rows
   */
  public void add(VectorSchemaRoot batch) {
    rows += batch.getRowCount();
    for (int c = 0; c < sketches.length; c++) {
      nulls[c] += ValueHashes.addAll(batch.getVector(c), sketches[c]);
    }
  }

  /**
   * @return what was counted
   */
  public TableStatistics statistics() {
    List<ColumnStatistics> columns = new ArrayList<>(sketches.length);
    for (int c = 0; c < sketches.length; c++) {
      columns.add(new ColumnStatistics(fields.get(c).getName(), nulls[c], sketches[c]));
    }
    return new TableStatistics(rows, List.copyOf(columns));
  }
}
