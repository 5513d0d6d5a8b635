package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Columns;
import io.sluice.sql.exec.ShardEnumerator;
import io.sluice.sql.exec.ShardPlan;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The batches of a shard fragment, as the shards send them, turned into columns. */
final class ShardStream implements BatchStream {
  private final ShardEnumerator shards;
  private final VectorExecution execution;

  ShardStream(ShardPlan plan, VectorExecution execution) {
    this.shards = new ShardEnumerator(execution.root(), plan);
    this.execution = execution;
  }

  @Override
  public Batch next() {
    while (true) {
      execution.checkCancelled();
      VectorSchemaRoot root = shards.nextBatch();
      if (root == null) {
        return null;
      }
      try (root) {
        int rows = root.getRowCount();
        if (rows == 0) {
          continue;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        Column[] columns = new Column[vectors.size()];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = Columns.fromVector(vectors.get(c));
        }
        return new Batch(columns, rows);
      }
    }
  }

  /**
   * @param filter a dynamic filter over one of the fragment's scan columns
   * @return whether the shards will apply it: false once they have started
   */
  boolean addFilter(io.sluice.sql.exec.DynamicFilter filter) {
    return shards.addFilter(filter);
  }

  @Override
  public void close() {
    shards.close();
  }
}
