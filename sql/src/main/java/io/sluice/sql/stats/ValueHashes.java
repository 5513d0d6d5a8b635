package io.sluice.sql.stats;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * 64-bit hashes of Arrow values for {@link DistinctSketch}: the value's bytes as stored (fixed
 * width: the slot; variable width: the bytes between its offsets), mixed so every bit of the hash
 * depends on every bit of the value. Equal values of one column always hash alike.
 */
final class ValueHashes {
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private ValueHashes() {}

  /**
   * Adds a vector's non-null values to a sketch.
   *
   * @param vector the values
   * @param sketch where they are counted
   * @return how many were null
   */
  static long addAll(FieldVector vector, DistinctSketch sketch) {
    int rows = vector.getValueCount();
    long nulls = 0;
    if (vector instanceof BitVector bits) {
      for (int row = 0; row < rows; row++) {
        if (bits.isNull(row)) {
          nulls++;
        } else {
          sketch.add(mix(SEED + bits.get(row)));
        }
      }
    } else if (vector instanceof BaseFixedWidthVector fixed) {
      ArrowBuf data = fixed.getDataBuffer();
      int width = fixed.getTypeWidth();
      for (int row = 0; row < rows; row++) {
        if (fixed.isNull(row)) {
          nulls++;
        } else {
          sketch.add(hashBytes(data, (long) row * width, width));
        }
      }
    } else if (vector instanceof BaseVariableWidthVector variable) {
      ArrowBuf data = variable.getDataBuffer();
      for (int row = 0; row < rows; row++) {
        if (variable.isNull(row)) {
          nulls++;
        } else {
          long start = variable.getStartOffset(row);
          int length = (int) (variable.getEndOffset(row) - start);
          sketch.add(hashBytes(data, start, length));
        }
      }
    } else {
      for (int row = 0; row < rows; row++) {
        if (vector.isNull(row)) {
          nulls++;
        } else {
          sketch.add(mix(SEED ^ vector.hashCode(row)));
        }
      }
    }
    return nulls;
  }

  static long hashBytes(ArrowBuf data, long offset, int length) {
    long hash = SEED ^ length;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      hash = Long.rotateLeft(hash ^ mix(data.getLong(offset + i)), 27) * 0x9FB21C651E98DF25L;
    }
    long tail = 0;
    for (int shift = 0; i < length; i++, shift += 8) {
      tail |= (data.getByte(offset + i) & 0xFFL) << shift;
    }
    return mix(hash ^ mix(tail + length));
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer (as in SplittableRandom). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
