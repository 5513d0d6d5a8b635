package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Computes the statistics of a row range of a vector: null count, minimum and maximum in {@link
 * ValueOrder}. A loop over the rows per kind, reading Arrow buffers directly.
 */
public final class StatisticsCollector {

  private StatisticsCollector() {}

  /**
   * @param vector the column
   * @param type its SQL type
   * @param start the first row
   * @param count how many rows
   * @return the statistics of those rows
   */
  public static ColumnStatistics collect(
      FieldVector vector, ColumnType type, int start, int count) {
    switch (ValueKind.of(type)) {
      case LONG:
        return longs(vector, start, count);
      case DOUBLE:
        return doubles(vector, start, count);
      case DECIMAL:
        return decimals(vector, type, start, count);
      default:
        return bytes((BaseVariableWidthVector) vector, start, count);
    }
  }

  private static ColumnStatistics longs(FieldVector vector, int start, int count) {
    long nulls = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int row = start; row < start + count; row++) {
      if (vector.isNull(row)) {
        nulls++;
        continue;
      }
      long value = VectorValues.readLong(vector, row);
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return nulls == count
        ? new ColumnStatistics(nulls, null, null, false)
        : new ColumnStatistics(nulls, min, max, false);
  }

  private static ColumnStatistics doubles(FieldVector vector, int start, int count) {
    long nulls = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    boolean any = false;
    for (int row = start; row < start + count; row++) {
      if (vector.isNull(row)) {
        nulls++;
        continue;
      }
      double value = VectorValues.readDouble(vector, row);
      if (!any) {
        min = value;
        max = value;
        any = true;
      } else {
        if (ValueOrder.compareDoubles(value, min) < 0) {
          min = value;
        }
        if (ValueOrder.compareDoubles(value, max) > 0) {
          max = value;
        }
      }
    }
    return any
        ? new ColumnStatistics(nulls, min, max, false)
        : new ColumnStatistics(nulls, null, null, false);
  }

  private static ColumnStatistics decimals(
      FieldVector vector, ColumnType type, int start, int count) {
    long nulls = 0;
    int minRow = -1;
    int maxRow = -1;
    for (int row = start; row < start + count; row++) {
      if (vector.isNull(row)) {
        nulls++;
        continue;
      }
      if (minRow < 0) {
        minRow = row;
        maxRow = row;
      } else {
        if (VectorValues.compareDecimals(vector, row, minRow) < 0) {
          minRow = row;
        }
        if (VectorValues.compareDecimals(vector, row, maxRow) > 0) {
          maxRow = row;
        }
      }
    }
    if (minRow < 0) {
      return new ColumnStatistics(nulls, null, null, false);
    }
    int scale = ((ArrowType.Decimal) vector.getField().getType()).getScale();
    BigDecimal min = VectorValues.readDecimal(vector, minRow, scale);
    BigDecimal max = VectorValues.readDecimal(vector, maxRow, scale);
    return new ColumnStatistics(nulls, min, max, false);
  }

  private static ColumnStatistics bytes(BaseVariableWidthVector vector, int start, int count) {
    long nulls = 0;
    int minRow = -1;
    int maxRow = -1;
    for (int row = start; row < start + count; row++) {
      if (vector.isNull(row)) {
        nulls++;
        continue;
      }
      if (minRow < 0) {
        minRow = row;
        maxRow = row;
      } else {
        if (compareRows(vector, row, minRow) < 0) {
          minRow = row;
        }
        if (compareRows(vector, row, maxRow) > 0) {
          maxRow = row;
        }
      }
    }
    if (minRow < 0) {
      return new ColumnStatistics(nulls, null, null, false);
    }
    byte[] min = vector.get(minRow);
    byte[] max = vector.get(maxRow);
    byte[] lowerBound =
        min.length <= ColumnStatistics.MAX_BYTES
            ? min
            : Arrays.copyOf(min, ColumnStatistics.MAX_BYTES);
    byte[] upperBound = max.length <= ColumnStatistics.MAX_BYTES ? max : truncatedUpperBound(max);
    return new ColumnStatistics(nulls, lowerBound, upperBound, upperBound == null);
  }

  /**
   * A prefix of at most {@link ColumnStatistics#MAX_BYTES} bytes that is still greater than the
   * value: the last byte that is not 0xFF is incremented and the bytes after it dropped.
   *
   * @param value a byte string longer than the limit
   * @return the bound, or null if the prefix is all 0xFF and no short bound exists
   */
  static byte[] truncatedUpperBound(byte[] value) {
    for (int i = ColumnStatistics.MAX_BYTES - 1; i >= 0; i--) {
      if (value[i] != (byte) 0xFF) {
        byte[] bound = Arrays.copyOf(value, i + 1);
        bound[i]++;
        return bound;
      }
    }
    return null;
  }

  private static int compareRows(BaseVariableWidthVector vector, int left, int right) {
    return ByteFunctionHelpers.compare(
        vector.getDataBuffer(),
        vector.getStartOffset(left),
        vector.getStartOffset(left + 1),
        vector.getDataBuffer(),
        vector.getStartOffset(right),
        vector.getStartOffset(right + 1));
  }
}
