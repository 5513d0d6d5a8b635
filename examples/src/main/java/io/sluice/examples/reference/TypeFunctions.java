package io.sluice.examples.reference;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HexFormat;

/**
 * References of the functions of {@code udfs/types.c} that compute something (its {@code echo_*}
 * and {@code row_echo_*} functions return their argument).
 *
 * <p>Values are in their ABI representation: DATE in days since 1970-01-01, TIME in microseconds
 * since midnight, TIMESTAMP in microseconds since 1970-01-01T00:00 (no zone), TIMESTAMP WITH TIME
 * ZONE in microseconds since the epoch (UTC). Where the guest fails a row, these throw {@link
 * ArithmeticException} or {@link IllegalArgumentException}.
 */
public final class TypeFunctions {
  /**
   * The Arrow formats a conforming host writes for {@code arrow_formats}'s 14 arguments (ABI.md
   * section 3), as the function returns them: space-separated, in argument order.
   */
  public static final String ARROW_FORMATS = "b c s i l f g d:38,10 u z tdD ttu tsu: tsu:UTC";

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_HOUR = 3600 * MICROS_PER_SECOND;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
  private static final BigInteger DECIMAL_38_LIMIT = BigInteger.TEN.pow(38);

  private TypeFunctions() {}

  /**
   * Returns {@code add_days(d DATE, n INT) RETURNS DATE}.
   *
   * @param date days since 1970-01-01
   * @param days days to add, may be negative
   * @return the date {@code days} later
   * @throws ArithmeticException when the result does not fit an INT, as the guest fails the row
   */
  public static int addDays(int date, int days) {
    return Math.addExact(date, days);
  }

  /**
   * Returns {@code decimal_round(d DECIMAL(18,4)) RETURNS DECIMAL(18,2)}: half away from zero.
   *
   * @param d a value of scale 4
   * @return the value rounded to scale 2 ({@link RoundingMode#HALF_UP})
   */
  public static BigDecimal decimalRound(BigDecimal d) {
    return d.setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * Returns {@code decimal_add(a DECIMAL(38,10), b DECIMAL(38,10)) RETURNS DECIMAL(38,10)}.
   *
   * @param a a value of scale 10
   * @param b a value of scale 10
   * @return the exact sum, scale 10
   * @throws ArithmeticException when the sum has more than 38 digits
   */
  public static BigDecimal decimalAdd(BigDecimal a, BigDecimal b) {
    BigDecimal sum = a.setScale(10, RoundingMode.UNNECESSARY).add(b.setScale(10));
    if (sum.unscaledValue().abs().compareTo(DECIMAL_38_LIMIT) >= 0) {
      throw new ArithmeticException("decimal_add: the sum overflows DECIMAL(38,10)");
    }
    return sum;
  }

  /**
   * Returns {@code time_hour(t TIME) RETURNS TINYINT}.
   *
   * @param micros microseconds since midnight
   * @return the hour, 0 to 23
   * @throws IllegalArgumentException when {@code micros} is not within a day
   */
  public static byte timeHour(long micros) {
    if (micros < 0 || micros >= MICROS_PER_DAY) {
      throw new IllegalArgumentException(micros + " microseconds is not a time of day");
    }
    return (byte) (micros / MICROS_PER_HOUR);
  }

  /**
   * Returns {@code timestamp_trunc_day(ts TIMESTAMP) RETURNS TIMESTAMP}: midnight of the day.
   *
   * @param micros microseconds since 1970-01-01T00:00
   * @return midnight at or before it
   * @throws ArithmeticException when midnight is below the range of BIGINT
   */
  public static long timestampTruncDay(long micros) {
    return Math.multiplyExact(Math.floorDiv(micros, MICROS_PER_DAY), MICROS_PER_DAY);
  }

  /**
   * Returns {@code instant_date(ts TIMESTAMP WITH TIME ZONE) RETURNS DATE}: the UTC date.
   *
   * @param micros microseconds since the epoch
   * @return days since 1970-01-01 of the UTC date
   */
  public static int instantDate(long micros) {
    return (int) Math.floorDiv(micros, MICROS_PER_DAY);
  }

  /**
   * Returns {@code at_offset(ts TIMESTAMP, offset_minutes SMALLINT) RETURNS TIMESTAMP WITH TIME
   * ZONE}: the instant at which that wall-clock time is seen at that UTC offset.
   *
   * @param localMicros a wall-clock timestamp
   * @param offsetMinutes the UTC offset, -1080 to 1080 (as {@link java.time.ZoneOffset} allows)
   * @return {@code localMicros} minus the offset
   * @throws IllegalArgumentException when the offset is out of range
   * @throws ArithmeticException when the result does not fit a BIGINT
   */
  public static long atOffset(long localMicros, short offsetMinutes) {
    if (offsetMinutes < -18 * 60 || offsetMinutes > 18 * 60) {
      throw new IllegalArgumentException(
          "offset " + offsetMinutes + " minutes is outside -1080..1080");
    }
    return Math.subtractExact(localMicros, offsetMinutes * 60 * MICROS_PER_SECOND);
  }

  /**
   * Returns {@code to_hex(b VARBINARY) RETURNS VARCHAR}.
   *
   * @param bytes any bytes
   * @return two lower-case hex digits per byte
   */
  public static String toHex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Returns {@code row_coalesce(x BIGINT, y BIGINT) RETURNS BIGINT NULLS CALLED}.
   *
   * @param x a value or null
   * @param y a value or null
   * @return the first that is not null, or null
   */
  public static Long rowCoalesce(Long x, Long y) {
    return x != null ? x : y;
  }
}
