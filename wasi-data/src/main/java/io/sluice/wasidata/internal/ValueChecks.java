package io.sluice.wasidata.internal;

import io.sluice.wasidata.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Checks that values a guest returned are valid for their SQL type beyond their bits: a DECIMAL
 * fits its precision, a TIME lies within one day. Only non-NULL rows are checked (a NULL slot may
 * hold anything).
 */
public final class ValueChecks {
  private ValueChecks() {}

  /** Microseconds in a day: TIME values lie in [0, this). */
  public static final long MICROS_PER_DAY = 86_400_000_000L;

  private static final long[] MAX_HIGH = new long[SqlType.MAX_DECIMAL_PRECISION + 1];
  private static final long[] MAX_LOW = new long[SqlType.MAX_DECIMAL_PRECISION + 1];
  private static final long[] MIN_HIGH = new long[SqlType.MAX_DECIMAL_PRECISION + 1];
  private static final long[] MIN_LOW = new long[SqlType.MAX_DECIMAL_PRECISION + 1];

  static {
    for (int p = 1; p <= SqlType.MAX_DECIMAL_PRECISION; p++) {
      BigInteger max = BigInteger.TEN.pow(p).subtract(BigInteger.ONE);
      BigInteger min = max.negate();
      MAX_HIGH[p] = max.shiftRight(64).longValue();
      MAX_LOW[p] = max.longValue();
      MIN_HIGH[p] = min.shiftRight(64).longValue();
      MIN_LOW[p] = min.longValue();
    }
  }

  /**
   * @param type the column's type
   * @param values the values buffer (host copy)
   * @param validity the validity bitmap (host copy, one bit per row)
   * @param rows how many rows
   * @param what a prefix naming the column in messages, e.g. {@code "column x: "}
   * @throws CallFailure when a non-NULL value is out of its type's range
   */
  public static void check(
      SqlType type, ArrowBuf values, ArrowBuf validity, int rows, String what) {
    if (type.kind() == SqlType.Kind.DECIMAL) {
      checkDecimals(type, values, validity, rows, what);
    } else if (type.kind() == SqlType.Kind.TIME) {
      for (int i = 0; i < rows; i++) {
        long v = values.getLong(8L * i);
        if ((v < 0 || v >= MICROS_PER_DAY) && isValid(validity, i)) {
          throw CallFailure.invalid(i, what + timeProblem(v, i));
        }
      }
    }
  }

  private static void checkDecimals(
      SqlType type, ArrowBuf values, ArrowBuf validity, int rows, String what) {
    int p = type.precision();
    for (int i = 0; i < rows; i++) {
      long low = values.getLong(16L * i);
      long high = values.getLong(16L * i + 8);
      if (!fits(p, high, low) && isValid(validity, i)) {
        throw CallFailure.invalid(i, what + decimalProblem(type, high, low, i));
      }
    }
  }

  /**
   * @param precision 1 to 38 digits
   * @param high the upper 64 bits of a 128-bit two's complement value
   * @param low the lower 64 bits
   * @return whether the value has at most {@code precision} digits
   */
  public static boolean fits(int precision, long high, long low) {
    boolean belowMax =
        high < MAX_HIGH[precision]
            || (high == MAX_HIGH[precision] && Long.compareUnsigned(low, MAX_LOW[precision]) <= 0);
    boolean aboveMin =
        high > MIN_HIGH[precision]
            || (high == MIN_HIGH[precision] && Long.compareUnsigned(low, MIN_LOW[precision]) >= 0);
    return belowMax && aboveMin;
  }

  /**
   * @return the message for a DECIMAL value that does not fit, e.g. {@code the value at row 2,
   *     -1000.00, does not fit DECIMAL(5,2)}
   */
  static String decimalProblem(SqlType type, long high, long low, long row) {
    BigInteger unscaled = BigInteger.valueOf(high).shiftLeft(64).or(unsigned(low));
    return "the value at row "
        + row
        + ", "
        + new BigDecimal(unscaled, type.scale()).toPlainString()
        + ", does not fit "
        + type;
  }

  /**
   * @return the message for a TIME value outside a day
   */
  static String timeProblem(long micros, long row) {
    return "the TIME value at row "
        + row
        + ", "
        + micros
        + " microseconds, is not within a day (0 to "
        + (MICROS_PER_DAY - 1)
        + ")";
  }

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
    return v < 0 ? b.setBit(63) : b;
  }

  private static boolean isValid(ArrowBuf validity, int row) {
    return ((validity.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
  }
}
