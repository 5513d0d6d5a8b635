package io.sluice.sql.type;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Writes Calcite's Java value of a SQL type into an Arrow vector: the inverse of {@link
 * ValueReader}. The vector must have room for the row ({@code setSafe} grows var-width data).
 */
@FunctionalInterface
public interface ValueWriter {

  /**
   * @param row the row to set
   * @param value the value, or null for SQL NULL
   */
  void write(int row, Object value);

  /**
   * Makes a vector of one column of Calcite rows.
   *
   * @param field the vector's field (a type Sluice stores)
   * @param rows the rows, each an {@code Object[]} of Calcite values
   * @param count how many of the first rows to take
   * @param column the column to take from each
   * @param allocator where the vector's memory comes from
   * @return the new vector of {@code count} values, owned by the caller
   */
  static FieldVector column(
      Field field, List<Object[]> rows, int count, int column, BufferAllocator allocator) {
    FieldVector vector = field.createVector(allocator);
    try {
      vector.setInitialCapacity(count);
      vector.allocateNew();
      ValueWriter writer = of(vector);
      for (int r = 0; r < count; r++) {
        writer.write(r, rows.get(r)[column]);
      }
      vector.setValueCount(count);
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /**
   * @param vector a vector of a type Sluice stores
   * @return a writer of its values
   * @throws IllegalArgumentException for other vectors
   */
  public static ValueWriter of(FieldVector vector) {
    if (vector instanceof BitVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, (Boolean) value ? 1 : 0);
        }
      };
    } else if (vector instanceof TinyIntVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).byteValue());
        }
      };
    } else if (vector instanceof SmallIntVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).shortValue());
        }
      };
    } else if (vector instanceof IntVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).intValue());
        }
      };
    } else if (vector instanceof BigIntVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).longValue());
        }
      };
    } else if (vector instanceof Float4Vector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).floatValue());
        }
      };
    } else if (vector instanceof Float8Vector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).doubleValue());
        }
      };
    } else if (vector instanceof DecimalVector v) {
      int scale = v.getScale();
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          BigDecimal decimal = toBigDecimal(value).setScale(scale, RoundingMode.HALF_UP);
          if (decimal.precision() > v.getPrecision()) {
            throw new IllegalArgumentException(
                "value "
                    + decimal
                    + " does not fit column "
                    + v.getName()
                    + " DECIMAL("
                    + v.getPrecision()
                    + ", "
                    + scale
                    + ")");
          }
          v.setSafe(row, decimal);
        }
      };
    } else if (vector instanceof VarCharVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
        }
      };
    } else if (vector instanceof VarBinaryVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, value instanceof ByteString b ? b.getBytes() : (byte[]) value);
        }
      };
    } else if (vector instanceof DateDayVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).intValue());
        }
      };
    } else if (vector instanceof TimeMicroVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, ((Number) value).longValue() * 1000L);
        }
      };
    } else if (vector instanceof TimeStampMicroVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, Math.multiplyExact(((Number) value).longValue(), 1000L));
        }
      };
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return (row, value) -> {
        if (value == null) {
          v.setNull(row);
        } else {
          v.setSafe(row, Math.multiplyExact(((Number) value).longValue(), 1000L));
        }
      };
    }
    throw new IllegalArgumentException(
        "column "
            + vector.getName()
            + " is a "
            + vector.getClass().getSimpleName()
            + ", which Sluice does not write");
  }

  private static BigDecimal toBigDecimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }
}
