package io.sluice.storage.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;

/** Reads one value of a vector straight from its data buffer, as its {@link ValueKind}. */
final class VectorValues {

  private VectorValues() {}

  /** A LONG-kind value: booleans as 0/1, other fixed-width integers sign-extended. */
  static long readLong(FieldVector vector, int row) {
    if (vector instanceof BitVector) {
      return ((BitVector) vector).get(row);
    }
    ArrowBuf data = vector.getDataBuffer();
    switch (((BaseFixedWidthVector) vector).getTypeWidth()) {
      case 1:
        return data.getByte(row);
      case 2:
        return data.getShort((long) row * 2);
      case 4:
        return data.getInt((long) row * 4);
      default:
        return data.getLong((long) row * 8);
    }
  }

  /** A DOUBLE-kind value; FLOAT is widened exactly. */
  static double readDouble(FieldVector vector, int row) {
    if (vector instanceof Float4Vector) {
      return vector.getDataBuffer().getFloat((long) row * 4);
    }
    return vector.getDataBuffer().getDouble((long) row * 8);
  }

  /** Compares two 128-bit little-endian two's complement decimals of one vector. */
  static int compareDecimals(FieldVector vector, int left, int right) {
    ArrowBuf data = vector.getDataBuffer();
    long leftHigh = data.getLong((long) left * 16 + 8);
    long rightHigh = data.getLong((long) right * 16 + 8);
    if (leftHigh != rightHigh) {
      return Long.compare(leftHigh, rightHigh);
    }
    return Long.compareUnsigned(data.getLong((long) left * 16), data.getLong((long) right * 16));
  }

  /** A DECIMAL value with the column's scale. */
  static BigDecimal readDecimal(FieldVector vector, int row, int scale) {
    ArrowBuf data = vector.getDataBuffer();
    return decimal(data.getLong((long) row * 16), data.getLong((long) row * 16 + 8), scale);
  }

  /** The decimal of a 128-bit two's complement unscaled value. */
  static BigDecimal decimal(long low, long high, int scale) {
    byte[] bigEndian = new byte[16];
    for (int i = 0; i < 8; i++) {
      bigEndian[i] = (byte) (high >>> (56 - 8 * i));
      bigEndian[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return new BigDecimal(new BigInteger(bigEndian), scale);
  }

  /** The low and high 64 bits of a decimal's unscaled value, which must fit in 128 bits. */
  static long[] unscaled(BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    return new long[] {unscaled.longValue(), unscaled.shiftRight(64).longValue()};
  }
}
