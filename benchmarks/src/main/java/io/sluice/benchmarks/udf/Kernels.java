package io.sluice.benchmarks.udf;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The baseline: the two benchmark functions of {@code bench_kernels.h} as plain Java loops over the
 * same Arrow vectors the wasm functions get, producing a new result vector as they do.
 */
final class Kernels {

  private Kernels() {}

  /** {@code scale_offset(x BIGINT) RETURNS DOUBLE}: x * 1.5 + 3.0, NULL for NULL. */
  static Float8Vector scaleOffset(BigIntVector in, BufferAllocator allocator) {
    int rows = in.getValueCount();
    Float8Vector out = new Float8Vector("scale", allocator);
    out.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      if (in.isNull(i)) {
        out.setNull(i);
      } else {
        out.set(i, (double) in.get(i) * 1.5 + 3.0);
      }
    }
    out.setValueCount(rows);
    return out;
  }

  /** {@code upper_ascii(s VARCHAR) RETURNS VARCHAR}: a-z upper-cased, NULL for NULL. */
  static VarCharVector upperAscii(VarCharVector in, BufferAllocator allocator) {
    int rows = in.getValueCount();
    VarCharVector out = new VarCharVector("upper", allocator);
    out.allocateNew(in.getDataBuffer().writerIndex() + 1, rows);
    byte[] scratch = new byte[64];
    for (int i = 0; i < rows; i++) {
      if (in.isNull(i)) {
        out.setNull(i);
        continue;
      }
      int start = in.getStartOffset(i);
      int length = in.getEndOffset(i) - start;
      if (scratch.length < length) {
        scratch = new byte[length];
      }
      in.getDataBuffer().getBytes(start, scratch, 0, length);
      for (int j = 0; j < length; j++) {
        byte c = scratch[j];
        scratch[j] = c >= 'a' && c <= 'z' ? (byte) (c - ('a' - 'A')) : c;
      }
      out.setSafe(i, scratch, 0, length);
    }
    out.setValueCount(rows);
    return out;
  }
}
