package io.sluice.storage.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Copies a range of rows from one batch into another of the same schema, growing the target. Fixed
 * and variable width columns are copied as byte ranges (offsets rebased), not value by value: a
 * load gathering rows into full chunks copies every row once, and Arrow's per-value {@code
 * copyFromSafe} made that a third of a Parquet load's time.
 */
final class RowCopier {
  private RowCopier() {}

  /**
   * @param from the source batch
   * @param start its first row to copy
   * @param count how many rows
   * @param to the target batch, allocated, its first {@code at} rows written by this class
   * @param at the target's first row to write
   */
  static void copy(VectorSchemaRoot from, int start, int count, VectorSchemaRoot to, int at) {
    for (int column = 0; column < from.getFieldVectors().size(); column++) {
      FieldVector source = from.getVector(column);
      FieldVector target = to.getVector(column);
      if (count > 0
          && source instanceof BaseFixedWidthVector fixed
          && !(source instanceof BitVector)) {
        copyFixed(fixed, start, count, (BaseFixedWidthVector) target, at);
      } else if (count > 0 && source instanceof BaseVariableWidthVector variable) {
        copyVariable(variable, start, count, (BaseVariableWidthVector) target, at);
      } else {
        for (int i = 0; i < count; i++) {
          target.copyFromSafe(start + i, at + i, source);
        }
      }
      target.setValueCount(at + count);
    }
  }

  private static void copyFixed(
      BaseFixedWidthVector source, int start, int count, BaseFixedWidthVector target, int at) {
    while (target.getValueCapacity() < at + count) {
      target.reAlloc();
    }
    int width = source.getTypeWidth();
    target
        .getDataBuffer()
        .setBytes(
            (long) at * width, source.getDataBuffer(), (long) start * width, (long) count * width);
    copyValidity(source.getValidityBuffer(), start, count, target.getValidityBuffer(), at);
  }

  private static void copyVariable(
      BaseVariableWidthVector source,
      int start,
      int count,
      BaseVariableWidthVector target,
      int at) {
    while (target.getValueCapacity() < at + count) {
      target.reallocValidityAndOffsetBuffers();
    }
    ArrowBuf sourceOffsets = source.getOffsetBuffer();
    ArrowBuf targetOffsets = target.getOffsetBuffer();
    int width = BaseVariableWidthVector.OFFSET_WIDTH;
    int first = sourceOffsets.getInt((long) start * width);
    int bytes = sourceOffsets.getInt((long) (start + count) * width) - first;
    int base = at == 0 ? 0 : targetOffsets.getInt((long) at * width);
    while (target.getDataBuffer().capacity() < (long) base + bytes) {
      target.reallocDataBuffer();
    }
    target.getDataBuffer().setBytes(base, source.getDataBuffer(), first, bytes);
    targetOffsets.setInt((long) at * width, base);
    for (int i = 1; i <= count; i++) {
      int end = sourceOffsets.getInt((long) (start + i) * width);
      targetOffsets.setInt((long) (at + i) * width, base + end - first);
    }
    copyValidity(source.getValidityBuffer(), start, count, target.getValidityBuffer(), at);
    target.setLastSet(at + count - 1);
  }

  private static void copyValidity(ArrowBuf from, int start, int count, ArrowBuf to, int at) {
    for (int i = 0; i < count; i++) {
      BitVectorHelper.setValidityBit(to, at + i, BitVectorHelper.get(from, start + i));
    }
  }
}
