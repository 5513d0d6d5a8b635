package io.sluice.storage.internal;

/**
 * Statistics of one column of one chunk.
 *
 * @param nullCount nulls in the chunk
 * @param min the least non-null value (Long, Double, BigDecimal or byte[] by {@link ValueKind}), or
 *     null when every value is null; for byte strings possibly a truncated prefix, still a lower
 *     bound
 * @param max the greatest non-null value, or null when every value is null or when a truncated byte
 *     string has no upper bound ({@code maxUnbounded}); for byte strings possibly a truncated and
 *     incremented prefix, still an upper bound
 * @param maxUnbounded whether no upper bound could be kept
 */
public record ColumnStatistics(long nullCount, Object min, Object max, boolean maxUnbounded) {

  /** Longest byte-string minimum or maximum kept in a chunk header. */
  public static final int MAX_BYTES = 64;

  /**
   * @return whether the chunk has at least one non-null value in this column
   */
  public boolean hasValues() {
    return min != null;
  }
}
