package io.sluice.examples.reference;

/**
 * Reference of {@code udfs/sketches.c}'s aggregate {@code histogram(value DOUBLE) RETURNS VARCHAR}:
 * counts per decade, rendered as the guest renders them.
 *
 * <p>Buckets: {@code (-inf,0)} for negative values (and -inf), {@code [0,10)}, {@code [10,100)},
 * ..., {@code [100000000000000,1000000000000000)} and {@code [1000000000000000,inf)} (+inf
 * included), then {@code NaN}. The result lists the non-empty ones, separated by one space, as
 * {@code label:count}, e.g. {@code "[0,10):3 [10,100):5"}. Counts are exact, so the result does not
 * depend on how values were split among partial states.
 */
public final class Histogram {
  /** Buckets, NaN not included. */
  public static final int BUCKETS = 17;

  private final long[] counts = new long[BUCKETS];
  private long nanCount;

  /**
   * Folds in one value, as {@code histogram_update} does.
   *
   * @param value a value, or null (skipped)
   * @return this
   */
  public Histogram add(Double value) {
    if (value == null) {
      return this;
    }
    if (value.isNaN()) {
      nanCount++;
    } else {
      counts[bucket(value)]++;
    }
    return this;
  }

  /**
   * Folds in another histogram, as {@code histogram_merge} does.
   *
   * @param other a histogram, unchanged
   * @return this
   */
  public Histogram merge(Histogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    nanCount += other.nanCount;
    return this;
  }

  /**
   * Returns what {@code histogram_finish} returns.
   *
   * @return the rendered histogram, or null when no value was added
   */
  public String result() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] != 0) {
        text.append(text.length() > 0 ? " " : "").append(label(i)).append(':').append(counts[i]);
      }
    }
    if (nanCount > 0) {
      text.append(text.length() > 0 ? " " : "").append("NaN:").append(nanCount);
    }
    return text.length() == 0 ? null : text.toString();
  }

  /**
   * Returns the histogram of some values.
   *
   * @param values values, nulls allowed
   * @return the rendered histogram, or null when there is no non-null value
   */
  public static String of(Iterable<Double> values) {
    Histogram h = new Histogram();
    for (Double v : values) {
      h.add(v);
    }
    return h.result();
  }

  /** The bucket of a non-NaN value: 0 for negatives, then one per decade from [0,10). */
  static int bucket(double v) {
    if (v < 0) {
      return 0;
    }
    int bucket = 1;
    while (bucket < BUCKETS - 1 && v >= bound(bucket)) {
      bucket++;
    }
    return bucket;
  }

  /** The lower bound of bucket k + 1: 0, then 10^k. */
  static long bound(int k) {
    long bound = 0;
    for (int i = 1; i <= k; i++) {
      bound = i == 1 ? 10 : bound * 10;
    }
    return bound;
  }

  static String label(int bucket) {
    if (bucket == 0) {
      return "(-inf,0)";
    }
    if (bucket == BUCKETS - 1) {
      return "[" + bound(bucket - 1) + ",inf)";
    }
    return "[" + bound(bucket - 1) + "," + bound(bucket) + ")";
  }
}
