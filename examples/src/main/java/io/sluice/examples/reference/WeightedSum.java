package io.sluice.examples.reference;

/**
 * Reference of {@code udfs/sketches.c}'s aggregate {@code wsum(value DOUBLE, weight DOUBLE) RETURNS
 * DOUBLE}: the sum of {@code value * weight} over the rows where neither is null.
 *
 * <p>Partial sums merged in another grouping may differ from a single sum in the last bits (double
 * addition is not associative): compare with a tolerance, or use values whose products and sums are
 * exact (small integers).
 */
public final class WeightedSum {
  private double sum;
  private long count;

  /**
   * Folds in one row, as {@code wsum_update} does.
   *
   * @param value the value, or null (row skipped)
   * @param weight the weight, or null (row skipped)
   * @return this
   */
  public WeightedSum add(Double value, Double weight) {
    if (value != null && weight != null) {
      sum += value * weight;
      count++;
    }
    return this;
  }

  /**
   * Folds in another partial sum, as {@code wsum_merge} does.
   *
   * @param other a partial sum, unchanged
   * @return this
   */
  public WeightedSum merge(WeightedSum other) {
    sum += other.sum;
    count += other.count;
    return this;
  }

  /**
   * Returns what {@code wsum_finish} returns.
   *
   * @return the sum, or null when no row had both a value and a weight
   */
  public Double result() {
    return count == 0 ? null : sum;
  }
}
