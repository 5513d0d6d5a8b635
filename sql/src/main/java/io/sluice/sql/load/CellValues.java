package io.sluice.sql.load;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * One value of a Sluice column as plain Java, and back into a vector: a {@code Long} in storage
 * units for integers, booleans (0/1), dates (days), times and timestamps (microseconds); a {@code
 * Double} for floats; a {@code BigDecimal}; a {@code byte[]} for text (UTF-8) and binaries. The
 * evaluator's lane values have the same forms, so bound parameters write the same way.
 */
final class CellValues {
  private CellValues() {}

  /**
   * @param vector a column
   * @param row a row
   * @return its value, or null
   */
  static Object read(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return (long) v.get(row);
    } else if (vector instanceof TinyIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof SmallIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof IntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof BigIntVector v) {
      return v.get(row);
    } else if (vector instanceof DateDayVector v) {
      return (long) v.get(row);
    } else if (vector instanceof TimeMicroVector v) {
      return v.get(row);
    } else if (vector instanceof TimeStampVector v) {
      return v.get(row);
    } else if (vector instanceof Float4Vector v) {
      return (double) v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return v.get(row);
    } else if (vector instanceof DecimalVector v) {
      return v.getObject(row);
    } else if (vector instanceof BaseVariableWidthVector v) {
      return v.get(row);
    } else if (vector instanceof BaseFixedWidthVector) {
      throw new IllegalArgumentException("unexpected column " + vector.getField());
    }
    throw new IllegalArgumentException("unexpected column " + vector.getField());
  }

  /**
   * Writes a value, checking it fits the column.
   *
   * @param vector the column
   * @param type its type
   * @param row the row
   * @param value the value in the forms {@link #read} returns (a Boolean is accepted for BOOLEAN),
   *     or null
   * @throws IllegalArgumentException naming the column if the value does not fit
   */
  static void write(FieldVector vector, ColumnType type, int row, Object value) {
    if (value == null) {
      vector.setNull(row);
      return;
    }
    switch (type) {
      case BOOLEAN -> ((BitVector) vector).setSafe(row, truth(value) ? 1 : 0);
      case TINYINT ->
          ((TinyIntVector) vector)
              .setSafe(row, (byte) integer(vector, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case SMALLINT ->
          ((SmallIntVector) vector)
              .setSafe(row, (short) integer(vector, value, Short.MIN_VALUE, Short.MAX_VALUE));
      case INT ->
          ((IntVector) vector)
              .setSafe(row, (int) integer(vector, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT ->
          ((BigIntVector) vector)
              .setSafe(row, integer(vector, value, Long.MIN_VALUE, Long.MAX_VALUE));
      case FLOAT -> ((Float4Vector) vector).setSafe(row, ((Number) value).floatValue());
      case DOUBLE -> ((Float8Vector) vector).setSafe(row, ((Number) value).doubleValue());
      case DECIMAL -> {
        DecimalVector decimals = (DecimalVector) vector;
        BigDecimal decimal =
            (value instanceof BigDecimal d ? d : new BigDecimal(value.toString()))
                .setScale(decimals.getScale(), RoundingMode.HALF_UP);
        if (decimal.precision() > decimals.getPrecision() && decimal.signum() != 0) {
          throw new IllegalArgumentException(
              "value "
                  + decimal
                  + " does not fit column "
                  + vector.getName()
                  + " DECIMAL("
                  + decimals.getPrecision()
                  + ","
                  + decimals.getScale()
                  + ")");
        }
        decimals.setSafe(row, decimal);
      }
      case VARCHAR -> ((VarCharVector) vector).setSafe(row, bytes(value));
      case VARBINARY -> ((VarBinaryVector) vector).setSafe(row, bytes(value));
      case DATE -> ((DateDayVector) vector).setSafe(row, (int) ((Number) value).longValue());
      case TIME -> ((TimeMicroVector) vector).setSafe(row, ((Number) value).longValue());
      default -> ((TimeStampVector) vector).setSafe(row, ((Number) value).longValue());
    }
  }

  private static boolean truth(Object value) {
    return value instanceof Boolean b ? b : ((Number) value).longValue() != 0;
  }

  private static byte[] bytes(Object value) {
    return value instanceof byte[] b
        ? b
        : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long integer(FieldVector vector, Object value, long min, long max) {
    long result;
    if (value instanceof BigDecimal decimal) {
      BigDecimal rounded = decimal.setScale(0, RoundingMode.HALF_UP);
      if (rounded.unscaledValue().bitLength() > 63) {
        throw outOfRange(vector, value);
      }
      result = rounded.longValueExact();
    } else if (value instanceof Double || value instanceof Float) {
      double d = Math.rint(((Number) value).doubleValue());
      if (Double.isNaN(d) || d < -0x1p63 || d >= 0x1p63) {
        throw outOfRange(vector, value);
      }
      result = (long) d;
    } else {
      result = ((Number) value).longValue();
    }
    if (result < min || result > max) {
      throw outOfRange(vector, value);
    }
    return result;
  }

  private static IllegalArgumentException outOfRange(FieldVector vector, Object value) {
    return new IllegalArgumentException(
        "value "
            + (value instanceof BigDecimal d ? d.toPlainString() : value)
            + " is out of range for column "
            + vector.getName()
            + " "
            + ColumnType.describe(vector.getField().getType()));
  }
}
