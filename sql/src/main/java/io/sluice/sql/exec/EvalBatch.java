package io.sluice.sql.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * One batch as the evaluator sees it: the input vectors, converted to {@link Column}s the first
 * time an expression reads them, plus what expressions need from the running query.
 */
public final class EvalBatch {
  private final List<FieldVector> vectors;
  private final Column[] columns;
  private final int rows;
  private final QueryContext query;
  private final BufferAllocator allocator;

  /**
   * @param vectors the input columns, all of {@code rows} values; the caller keeps ownership
   * @param rows rows in the batch
   * @param query the running query (parameters, wasm instances)
   * @param allocator where wasm calls allocate vectors
   */
  public EvalBatch(
      List<FieldVector> vectors, int rows, QueryContext query, BufferAllocator allocator) {
    this.vectors = vectors;
    this.columns = new Column[vectors.size()];
    this.rows = rows;
    this.query = query;
    this.allocator = allocator;
  }

  /**
   * A batch of columns computed on the coordinator, with no Arrow vectors behind them: wasm calls
   * get vectors made from the columns.
   *
   * @param columns the input columns, all of {@code rows} values
   * @param rows rows in the batch
   * @param query the running query
   * @param allocator where wasm calls allocate vectors
   */
  public EvalBatch(Column[] columns, int rows, QueryContext query, BufferAllocator allocator) {
    this.vectors = null;
    this.columns = columns.clone();
    this.rows = rows;
    this.query = query;
    this.allocator = allocator;
  }

  /**
   * @param index an input column
   * @return whether it has an Arrow vector ({@link #vector}) as well as a column
   */
  public boolean hasVector(int index) {
    return vectors != null && vectors.get(index) != null;
  }

  /**
   * @return rows in the batch
   */
  public int rows() {
    return rows;
  }

  /**
   * @param index an input column
   * @return its values as a column (converted once)
   */
  public Column column(int index) {
    Column column = columns[index];
    if (column == null) {
      column = Columns.fromVector(vectors.get(index));
      columns[index] = column;
    }
    return column;
  }

  /**
   * @param index an input column
   * @return its Arrow vector, as stored (no copy)
   */
  public FieldVector vector(int index) {
    return vectors.get(index);
  }

  /**
   * @return the running query
   */
  public QueryContext query() {
    return query;
  }

  /**
   * @return where wasm calls allocate vectors
   */
  public BufferAllocator allocator() {
    return allocator;
  }
}
