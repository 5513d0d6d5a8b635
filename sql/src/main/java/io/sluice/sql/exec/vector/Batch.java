package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;

/**
 * Rows on the coordinator, one {@link Column} per field, all of {@code rows} values.
 *
 * @param columns the columns, in the operator's field order
 * @param rows how many rows (a batch may have no columns, e.g. below a {@code COUNT(*)})
 */
public record Batch(Column[] columns, int rows) {

  /**
   * @param selection rows to keep
   * @param count how many of {@code selection} to use
   * @return a batch of only those rows, in the selection's order
   */
  public Batch select(int[] selection, int count) {
    Column[] out = new Column[columns.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = columns[c].select(selection, count);
    }
    return new Batch(out, count);
  }
}
