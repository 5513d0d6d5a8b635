package io.sluice.server.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Copies one column of the current row of a JDBC result into an Arrow vector, reading the value
 * with the getter that matches the vector's type (no boxing for numbers). Dates and times are read
 * against UTC, which is how the engine represents them.
 */
@FunctionalInterface
public interface ColumnWriter {
  /** Milliseconds per day, for DATE values. */
  long MILLIS_PER_DAY = 86_400_000L;

  /**
   * @param results a result positioned on a row
   * @param row the row's index in the vector
   * @throws SQLException if the value cannot be read
   */
  void write(ResultSet results, int row) throws SQLException;

  /**
   * @param vector the vector to fill, as created from {@link ColumnTypes#resultSchema}
   * @param column the 1-based column of the result
   * @return a writer for that column
   */
  static ColumnWriter of(FieldVector vector, int column) {
    // A calendar per writer: Calendar is mutable, and a writer belongs to one stream.
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    if (vector instanceof BitVector v) {
      return (rs, row) -> {
        boolean value = rs.getBoolean(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value ? 1 : 0);
      };
    } else if (vector instanceof TinyIntVector v) {
      return (rs, row) -> {
        byte value = rs.getByte(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof SmallIntVector v) {
      return (rs, row) -> {
        short value = rs.getShort(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof IntVector v) {
      return (rs, row) -> {
        int value = rs.getInt(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof BigIntVector v) {
      return (rs, row) -> {
        long value = rs.getLong(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof Float4Vector v) {
      return (rs, row) -> {
        float value = rs.getFloat(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof Float8Vector v) {
      return (rs, row) -> {
        double value = rs.getDouble(column);
        if (rs.wasNull()) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof DecimalVector v) {
      int scale = v.getScale();
      return (rs, row) -> {
        BigDecimal value = rs.getBigDecimal(column);
        if (value == null) v.setNull(row);
        else v.setSafe(row, value.setScale(scale, RoundingMode.HALF_UP));
      };
    } else if (vector instanceof VarBinaryVector v) {
      return (rs, row) -> {
        byte[] value = rs.getBytes(column);
        if (value == null) v.setNull(row);
        else v.setSafe(row, value);
      };
    } else if (vector instanceof DateDayVector v) {
      return (rs, row) -> {
        java.sql.Date value = rs.getDate(column, utc);
        if (value == null) v.setNull(row);
        else v.setSafe(row, Math.toIntExact(Math.floorDiv(value.getTime(), MILLIS_PER_DAY)));
      };
    } else if (vector instanceof TimeMicroVector v) {
      return (rs, row) -> {
        java.sql.Time value = rs.getTime(column, utc);
        if (value == null) v.setNull(row);
        else v.setSafe(row, Math.floorMod(value.getTime(), MILLIS_PER_DAY) * 1000L);
      };
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return (rs, row) -> {
        Timestamp value = rs.getTimestamp(column, utc);
        if (value == null) v.setNull(row);
        else v.setSafe(row, micros(value));
      };
    } else if (vector instanceof TimeStampMicroVector v) {
      return (rs, row) -> {
        Timestamp value = rs.getTimestamp(column, utc);
        if (value == null) v.setNull(row);
        else v.setSafe(row, micros(value));
      };
    } else if (vector instanceof VarCharVector v) {
      return (rs, row) -> {
        Object value = rs.getObject(column);
        if (value == null) v.setNull(row);
        else v.setSafe(row, text(value).getBytes(StandardCharsets.UTF_8));
      };
    }
    throw new IllegalArgumentException(
        "no writer for " + vector.getField() + " (ColumnTypes produced a type it cannot fill)");
  }

  /**
   * @param value a timestamp
   * @return microseconds since the epoch
   */
  static long micros(Timestamp value) {
    return Math.floorDiv(value.getTime(), 1000L) * 1_000_000L + value.getNanos() / 1000;
  }

  /**
   * @param value a value of any type
   * @return its text; arrays as {@code [a, b]}
   * @throws SQLException if an array cannot be read
   */
  static String text(Object value) throws SQLException {
    if (value instanceof Array array) {
      return java.util.Arrays.deepToString((Object[]) array.getArray());
    }
    return value.toString();
  }
}
