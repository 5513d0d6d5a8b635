package io.sluice.sql.exec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Moves values between Arrow vectors and evaluator {@link Column}s, one tight loop per type.
 * Integer-like vectors keep their storage units (days, microseconds).
 */
public final class Columns {
  private Columns() {}

  /**
   * @param column a column
   * @param row a row
   * @return whether the value is NULL, by its flag or, in the object lanes (DECIMAL, bytes), by a
   *     null entry
   */
  public static boolean isNull(Column column, int row) {
    if (column.isNull(row)) {
      return true;
    }
    if (column instanceof Column.Bytes c) {
      return c.values[row] == null;
    }
    return column instanceof Column.Decimals c && c.values[row] == null;
  }

  /**
   * @param vector a stored column's vector
   * @return its values as a column
   * @throws UnsupportedOperationException for vector types the evaluator does not handle
   */
  public static Column fromVector(FieldVector vector) {
    int rows = vector.getValueCount();
    boolean[] nulls = nullsOf(vector, rows);
    if (vector instanceof BigIntVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getLong((long) i * 8);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof IntVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getInt((long) i * 4);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof SmallIntVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getShort((long) i * 2);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof TinyIntVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getByte(i);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof DateDayVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getInt((long) i * 4);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof TimeMicroVector || vector instanceof TimeStampVector) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = vector.getDataBuffer().getLong((long) i * 8);
      }
      return new Column.Longs(values, nulls);
    } else if (vector instanceof Float8Vector v) {
      double[] values = new double[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getDouble((long) i * 8);
      }
      return new Column.Doubles(values, nulls);
    } else if (vector instanceof Float4Vector v) {
      double[] values = new double[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.getDataBuffer().getFloat((long) i * 4);
      }
      return new Column.Doubles(values, nulls);
    } else if (vector instanceof DecimalVector v) {
      BigDecimal[] values = new BigDecimal[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? null : v.getObject(i);
      }
      return new Column.Decimals(values, nulls);
    } else if (vector instanceof BaseVariableWidthVector v) {
      byte[][] values = new byte[rows][];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? null : v.get(i);
      }
      return new Column.Bytes(values, nulls);
    } else if (vector instanceof BitVector v) {
      boolean[] values = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = !v.isNull(i) && v.get(i) != 0;
      }
      return new Column.Booleans(values, nulls);
    }
    throw new UnsupportedOperationException(
        "the shard evaluator does not read " + vector.getClass().getSimpleName());
  }

  private static boolean[] nullsOf(FieldVector vector, int rows) {
    if (vector.getNullCount() == 0) {
      return null;
    }
    boolean[] nulls = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      nulls[i] = vector.isNull(i);
    }
    return nulls;
  }

  /**
   * Writes a column into a new vector of the given field's type.
   *
   * @param column the values, in the lane of the field's type
   * @param field the output field
   * @param allocator where the vector's memory comes from
   * @return a vector the caller owns
   */
  public static FieldVector toVector(Column column, Field field, BufferAllocator allocator) {
    FieldVector vector = field.createVector(allocator);
    try {
      int rows = column.rows;
      vector.setInitialCapacity(rows);
      vector.allocateNew();
      write(column, vector, rows);
      vector.setValueCount(rows);
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private static void write(Column column, FieldVector vector, int rows) {
    if (vector instanceof BigIntVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, values[i]);
        }
      }
    } else if (vector instanceof IntVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, (int) values[i]);
        }
      }
    } else if (vector instanceof SmallIntVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, (short) values[i]);
        }
      }
    } else if (vector instanceof TinyIntVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, (byte) values[i]);
        }
      }
    } else if (vector instanceof DateDayVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, (int) values[i]);
        }
      }
    } else if (vector instanceof TimeMicroVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, values[i]);
        }
      }
    } else if (vector instanceof TimeStampVector v) {
      long[] values = ((Column.Longs) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, values[i]);
        }
      }
    } else if (vector instanceof Float8Vector v) {
      double[] values = ((Column.Doubles) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, values[i]);
        }
      }
    } else if (vector instanceof Float4Vector v) {
      double[] values = ((Column.Doubles) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, (float) values[i]);
        }
      }
    } else if (vector instanceof DecimalVector v) {
      BigDecimal[] values = ((Column.Decimals) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i) || values[i] == null) {
          v.setNull(i);
        } else {
          v.set(i, values[i].setScale(v.getScale(), RoundingMode.HALF_UP));
        }
      }
    } else if (vector instanceof BaseVariableWidthVector v) {
      byte[][] values = ((Column.Bytes) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i) || values[i] == null) {
          v.setNull(i);
        } else {
          v.setSafe(i, values[i]);
        }
      }
    } else if (vector instanceof BitVector v) {
      boolean[] values = ((Column.Booleans) column).values;
      for (int i = 0; i < rows; i++) {
        if (column.isNull(i)) {
          v.setNull(i);
        } else {
          v.set(i, values[i] ? 1 : 0);
        }
      }
    } else {
      throw new UnsupportedOperationException(
          "the shard evaluator does not write " + vector.getClass().getSimpleName());
    }
  }
}
