package io.sluice.sql.stats;

/**
 * What {@code ANALYZE} learned of one column.
 *
 * @param name the column
 * @param nulls how many of its values are NULL
 * @param sketch its distinct values, as a mergeable sketch
 */
public record ColumnStatistics(String name, long nulls, DistinctSketch sketch) {
  /**
   * @return the estimated number of distinct non-null values
   */
  public double distinct() {
    return sketch.estimate();
  }
}
