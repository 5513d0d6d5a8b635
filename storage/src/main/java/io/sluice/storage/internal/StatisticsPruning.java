package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;

/** Chunk pruning's decision, offered for statistics that live outside the store. */
public final class StatisticsPruning {
  private StatisticsPruning() {}

  /**
   * @param predicate the predicate
   * @param type its column's type
   * @param rows rows in the range
   * @param nullCount nulls among them, or -1 if unknown
   * @param min the least non-null value in statistics form, or null if unknown
   * @param max the greatest, or null if unknown
   * @return false only if no row of the range can satisfy the predicate
   */
  public static boolean mayMatch(
      Predicate predicate, ColumnType type, long rows, long nullCount, Object min, Object max) {
    BoundPredicate bound = new BoundPredicate(predicate, 0, type);
    if (nullCount < 0) {
      // Unknown nulls: only the comparisons can prune, and only with both bounds known.
      if (predicate.operator() == Predicate.Operator.IS_NULL
          || predicate.operator() == Predicate.Operator.IS_NOT_NULL
          || min == null) {
        return true;
      }
      return bound.mayMatch(new ColumnStatistics(0, min, max, max == null), Integer.MAX_VALUE);
    }
    if (min == null && nullCount < rows) {
      // Values exist but their bounds are unknown.
      return predicate.operator() != Predicate.Operator.IS_NULL || nullCount > 0;
    }
    int count = (int) Math.min(Integer.MAX_VALUE, rows);
    long nulls = nullCount == rows ? count : Math.min(nullCount, count - 1L);
    return bound.mayMatch(new ColumnStatistics(nulls, min, max, max == null && min != null), count);
  }
}
