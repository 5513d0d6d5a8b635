package io.sluice.storage.internal;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The one ordering used by both chunk statistics and row filters, so pruning never skips a chunk
 * that the row filter would have matched.
 */
public final class ValueOrder {

  private ValueOrder() {}

  /**
   * Compares doubles as SQL engines such as PostgreSQL do: -0.0 equals 0.0, NaN equals NaN and is
   * greater than every other value, infinities order as usual.
   *
   * @param left a value
   * @param right a value
   * @return negative, zero or positive
   */
  public static int compareDoubles(double left, double right) {
    if (left < right) {
      return -1;
    }
    if (left > right) {
      return 1;
    }
    boolean leftNaN = Double.isNaN(left);
    boolean rightNaN = Double.isNaN(right);
    if (leftNaN || rightNaN) {
      return leftNaN == rightNaN ? 0 : leftNaN ? 1 : -1;
    }
    return 0; // equal, including -0.0 == 0.0
  }

  /**
   * @param kind the values' kind
   * @param left a {@code Long}, {@code Double}, {@code BigDecimal} or {@code byte[]}
   * @param right a value of the same class
   * @return negative, zero or positive
   */
  public static int compare(ValueKind kind, Object left, Object right) {
    switch (kind) {
      case LONG:
        return Long.compare((Long) left, (Long) right);
      case DOUBLE:
        return compareDoubles((Double) left, (Double) right);
      case DECIMAL:
        return ((BigDecimal) left).compareTo((BigDecimal) right);
      default:
        return Arrays.compareUnsigned((byte[]) left, (byte[]) right);
    }
  }
}
