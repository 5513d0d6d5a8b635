package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
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
    // The first eight bytes of the minimum and maximum as unsigned big-endian numbers (shorter
    // values padded with zeros): a value whose prefix differs is decided without a full compare.
    long minKey = 0;
    long maxKey = 0;
    for (int row = start; row < start + count; row++) {
      if (vector.isNull(row)) {
        nulls++;
        continue;
      }
      long key = prefixKey(vector, row);
      if (minRow < 0) {
        minRow = row;
        maxRow = row;
        minKey = key;
        maxKey = key;
        continue;
      }
      int belowMin = Long.compareUnsigned(key, minKey);
      if (belowMin < 0 || (belowMin == 0 && compareRows(vector, row, minRow) < 0)) {
        minRow = row;
        minKey = key;
        continue; // below the minimum, so not above the maximum
      }
      int aboveMax = Long.compareUnsigned(key, maxKey);
      if (aboveMax > 0 || (aboveMax == 0 && compareRows(vector, row, maxRow) > 0)) {
        maxRow = row;
        maxKey = key;
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
    ArrowBuf offsets = vector.getOffsetBuffer();
    long data = vector.getDataBuffer().memoryAddress();
    int leftStart = offsets.getInt((long) left * BaseVariableWidthVector.OFFSET_WIDTH);
    int leftEnd = offsets.getInt((long) (left + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
    int rightStart = offsets.getInt((long) right * BaseVariableWidthVector.OFFSET_WIDTH);
    int rightEnd = offsets.getInt((long) (right + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
    return compareUnsigned(
        data + leftStart, leftEnd - leftStart, data + rightStart, rightEnd - rightStart);
  }

  /** A value's first eight bytes, zero-padded, as an unsigned big-endian number. */
  private static long prefixKey(BaseVariableWidthVector vector, int row) {
    ArrowBuf offsets = vector.getOffsetBuffer();
    int start = offsets.getInt((long) row * BaseVariableWidthVector.OFFSET_WIDTH);
    int length = offsets.getInt((long) (row + 1) * BaseVariableWidthVector.OFFSET_WIDTH) - start;
    long address = vector.getDataBuffer().memoryAddress() + start;
    if (length >= Long.BYTES) {
      long word = MemoryUtil.getLong(address);
      return LITTLE_ENDIAN ? Long.reverseBytes(word) : word;
    }
    long key = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      key = key << 8 | (i < length ? MemoryUtil.getByte(address + i) & 0xFF : 0);
    }
    return key;
  }

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /**
   * Compares two byte strings in memory as {@link Arrays#compareUnsigned(byte[], byte[])} does,
   * eight bytes at a time. The caller guarantees both ranges lie in one live buffer (the offsets of
   * a validated vector).
   */
  static int compareUnsigned(long left, int leftLength, long right, int rightLength) {
    int common = Math.min(leftLength, rightLength);
    int i = 0;
    for (; i + Long.BYTES <= common; i += Long.BYTES) {
      long a = MemoryUtil.getLong(left + i);
      long b = MemoryUtil.getLong(right + i);
      if (a != b) {
        return LITTLE_ENDIAN
            ? Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b))
            : Long.compareUnsigned(a, b);
      }
    }
    for (; i < common; i++) {
      int a = MemoryUtil.getByte(left + i) & 0xFF;
      int b = MemoryUtil.getByte(right + i) & 0xFF;
      if (a != b) {
        return a - b;
      }
    }
    return Integer.compare(leftLength, rightLength);
  }
}
