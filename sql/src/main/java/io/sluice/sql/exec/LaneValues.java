package io.sluice.sql.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Converts a value as Calcite holds it (literal values, bound parameters) into the evaluator's lane
 * representation: Long in storage units, Double, BigDecimal, UTF-8 bytes, Boolean.
 */
public final class LaneValues {
  private LaneValues() {}

  /**
   * @param value a Calcite value (null for SQL NULL)
   * @param type the SQL type it has
   * @return the value in the lane of {@code type}
   * @throws UnsupportedOperationException for a value the evaluator cannot represent
   */
  public static Object of(Object value, ExprType type) {
    if (value == null) {
      return null;
    }
    switch (type.name()) {
      case DATE:
        if (value instanceof java.sql.Date date) {
          return date.toLocalDate().toEpochDay();
        } else if (value instanceof LocalDate date) {
          return date.toEpochDay();
        }
        return ((Number) value).longValue();
      case TIME:
        if (value instanceof java.sql.Time time) {
          return time.toLocalTime().toNanoOfDay() / 1000L;
        }
        return ((Number) value).longValue() * 1000L;
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        if (value instanceof java.sql.Timestamp timestamp) {
          return Math.floorDiv(timestamp.getTime(), 1000L) * 1_000_000L
              + timestamp.getNanos() / 1000L;
        } else if (value instanceof TimestampString timestamp) {
          return timestamp.getMillisSinceEpoch() * 1000L;
        }
        return ((Number) value).longValue() * 1000L;
      default:
        break;
    }
    switch (type.lane()) {
      case LONG:
        if (value instanceof BigDecimal decimal) {
          return decimal.longValueExact();
        }
        return ((Number) value).longValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DECIMAL:
        if (value instanceof BigDecimal decimal) {
          return decimal;
        }
        if (value instanceof Double || value instanceof Float) {
          return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return BigDecimal.valueOf(((Number) value).longValue());
      case BYTES:
        if (value instanceof ByteString bytes) {
          return bytes.getBytes();
        } else if (value instanceof byte[] bytes) {
          return bytes;
        } else if (value instanceof NlsString nls) {
          return nls.getValue().getBytes(StandardCharsets.UTF_8);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
      case BOOLEAN:
        return (Boolean) value;
      default:
        throw new UnsupportedOperationException("value " + value + " of type " + type);
    }
  }

  /**
   * A lane value as storage predicates take it: text as a {@code String}, everything else as is.
   *
   * @param laneValue a value in its lane's representation
   * @param type the column's type
   * @return the value to compare the column's statistics with
   */
  public static Object toStorage(Object laneValue, ExprType type) {
    if (laneValue instanceof byte[] bytes
        && (type.name() == SqlTypeName.VARCHAR || type.name() == SqlTypeName.CHAR)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return laneValue;
  }

  /** Milliseconds in a day, for DATE arithmetic in callers. */
  public static final long MILLIS_PER_DAY = DateTimeUtils.MILLIS_PER_DAY;
}
