package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import java.util.Arrays;

/**
 * Runs a {@link VectorPlan.Sort}: reads its whole input, orders the row numbers by the sort keys
 * with typed comparisons (a stable sort, so equal keys keep their input order), then emits the rows
 * from the offset on, up to the fetch, a batch at a time.
 */
final class SortStream implements BatchStream {
  /** Rows per output batch. */
  static final int BATCH_ROWS = 4096;

  private final VectorPlan.Sort sort;
  private final BatchStream input;
  private final VectorExecution execution;
  private Column[] columns;
  private int[] order;
  private int next;
  private int end;

  SortStream(VectorPlan.Sort sort, VectorExecution execution) {
    this.sort = sort;
    this.execution = execution;
    this.input = sort.input().open(execution);
  }

  @Override
  public Batch next() {
    if (order == null) {
      sortInput();
    }
    if (next >= end) {
      return null;
    }
    int count = Math.min(BATCH_ROWS, end - next);
    int[] selection = Arrays.copyOfRange(order, next, next + count);
    next += count;
    Column[] out = new Column[columns.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = columns[c].select(selection, count);
    }
    return new Batch(out, count);
  }

  private void sortInput() {
    Batch all = ColumnLists.readAll(input, sort.input().lanes());
    columns = all.columns();
    int rows = all.rows();
    execution.checkCancelled();
    Integer[] boxed = new Integer[rows];
    for (int r = 0; r < rows; r++) {
      boxed[r] = r;
    }
    Arrays.sort(boxed, this::compare);
    order = new int[rows];
    for (int r = 0; r < rows; r++) {
      order[r] = boxed[r];
    }
    next = (int) Math.min(rows, sort.offset());
    end = sort.fetch() < 0 ? rows : (int) Math.min(rows, next + sort.fetch());
  }

  private int compare(int a, int b) {
    int[] keys = sort.keys();
    for (int k = 0; k < keys.length; k++) {
      Column column = columns[keys[k]];
      boolean aNull = column.nulls != null && column.nulls[a];
      boolean bNull = column.nulls != null && column.nulls[b];
      int c;
      if (aNull || bNull) {
        c = aNull == bNull ? 0 : (aNull == sort.nullsFirst()[k] ? -1 : 1);
      } else {
        c = compareValues(column, a, b);
        if (sort.descending()[k]) {
          c = -c;
        }
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * SQL's order of two non-null values: numbers by value (-0.0 equal to 0.0, NaN above every other
   * double), strings by their UTF-8 bytes, which is the order of their code points.
   */
  private static int compareValues(Column column, int a, int b) {
    if (column instanceof Column.Longs longs) {
      return Long.compare(longs.values[a], longs.values[b]);
    } else if (column instanceof Column.Doubles doubles) {
      double x = doubles.values[a];
      double y = doubles.values[b];
      return x == y ? 0 : Double.compare(x, y);
    } else if (column instanceof Column.Decimals decimals) {
      return decimals.values[a].compareTo(decimals.values[b]);
    } else if (column instanceof Column.Bytes bytes) {
      return Arrays.compareUnsigned(bytes.values[a], bytes.values[b]);
    }
    Column.Booleans booleans = (Column.Booleans) column;
    return Boolean.compare(booleans.values[a], booleans.values[b]);
  }

  @Override
  public BatchStream input(int ordinal) {
    return ordinal == 0 ? input : null;
  }

  @Override
  public void close() {
    input.close();
  }
}
