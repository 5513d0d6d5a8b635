package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.DynamicFilter;
import io.sluice.sql.exec.Lane;
import io.sluice.storage.Predicate;

/** Makes the dynamic filters a hash join sends down its probe side once its build side is read. */
final class DynamicFilters {
  private DynamicFilters() {}

  /**
   * @param route where the filter goes and which key it tests
   * @param joinTable the join's table of build keys
   * @param keyColumns the build side's key columns
   * @param excluded build rows left out of the join (a NULL key), or null
   * @param rows build rows
   * @return the filter: the distinct values of the route's key, and their range for integers
   */
  static DynamicFilter of(
      VectorPlan.FilterRoute route,
      KeyTable joinTable,
      Column[] keyColumns,
      boolean[] excluded,
      int rows) {
    Column values = keyColumns[route.key()];
    KeyTable keys = joinTable;
    if (keyColumns.length > 1) {
      keys = new KeyTable(new Lane[] {values.lane()});
      keys.assign(new Column[] {values}, rows);
    }
    Predicate range = null;
    String shown = "";
    if (values instanceof Column.Longs longs) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      boolean any = false;
      for (int r = 0; r < rows; r++) {
        if ((excluded == null || !excluded[r]) && (longs.nulls == null || !longs.nulls[r])) {
          min = Math.min(min, longs.values[r]);
          max = Math.max(max, longs.values[r]);
          any = true;
        }
      }
      if (any) {
        range = Predicate.between(route.column(), min, max);
        shown = ", " + min + ".." + max;
      }
    }
    return new DynamicFilter(
        route.scanColumn(),
        new TableKeys(keys),
        range,
        route.column() + " IN (" + keys.size() + " build keys" + shown + ")");
  }

  /** The keys of a {@link KeyTable}; NULL is never one of them. */
  private record TableKeys(KeyTable table) implements DynamicFilter.Keys {
    @Override
    public void retain(Column values, int rows, boolean[] keep) {
      int[] ids = table.find(new Column[] {values}, rows);
      boolean[] nulls = values.nulls;
      for (int r = 0; r < rows; r++) {
        if (ids[r] < 0 || (nulls != null && nulls[r])) {
          keep[r] = false;
        }
      }
    }

    @Override
    public int size() {
      return table.size();
    }
  }
}
