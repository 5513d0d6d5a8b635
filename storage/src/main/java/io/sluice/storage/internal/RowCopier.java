package io.sluice.storage.internal;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Copies a range of rows from one batch into another of the same schema, growing the target. */
final class RowCopier {
  private RowCopier() {}

  /**
   * @param from the source batch
   * @param start its first row to copy
   * @param count how many rows
   * @param to the target batch, allocated
   * @param at the target's first row to write
   */
  static void copy(VectorSchemaRoot from, int start, int count, VectorSchemaRoot to, int at) {
    for (int column = 0; column < from.getFieldVectors().size(); column++) {
      FieldVector source = from.getVector(column);
      FieldVector target = to.getVector(column);
      for (int i = 0; i < count; i++) {
        target.copyFromSafe(start + i, at + i, source);
      }
      target.setValueCount(at + count);
    }
  }
}
