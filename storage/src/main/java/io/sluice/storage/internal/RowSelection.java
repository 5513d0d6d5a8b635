package io.sluice.storage.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds an output batch from a read batch: some of its columns, all or some of its rows. */
final class RowSelection {

  private RowSelection() {}

  /**
   * Moves the output columns into a new batch without copying their buffers.
   *
   * @param read the read batch; its moved vectors are left empty
   * @param positions for each output column, its index in the read batch
   * @param schema the output schema
   * @return the output batch
   */
  static VectorSchemaRoot project(VectorSchemaRoot read, int[] positions, Schema schema) {
    List<FieldVector> vectors = new ArrayList<>(positions.length);
    for (int position : positions) {
      FieldVector source = read.getVector(position);
      var transfer = source.getTransferPair(source.getAllocator());
      transfer.transfer();
      vectors.add((FieldVector) transfer.getTo());
    }
    return new VectorSchemaRoot(schema.getFields(), vectors, read.getRowCount());
  }

  /**
   * Copies the selected rows of the output columns into a new batch.
   *
   * @param read the read batch
   * @param positions for each output column, its index in the read batch
   * @param schema the output schema
   * @param selected the selected rows, ascending
   * @param count how many of {@code selected} are used
   * @param allocator where the new vectors are allocated
   * @return the output batch
   */
  static VectorSchemaRoot copy(
      VectorSchemaRoot read,
      int[] positions,
      Schema schema,
      int[] selected,
      int count,
      BufferAllocator allocator) {
    VectorSchemaRoot output = VectorSchemaRoot.create(schema, allocator);
    try {
      for (int column = 0; column < positions.length; column++) {
        FieldVector source = read.getVector(positions[column]);
        FieldVector target = output.getVector(column);
        target.setInitialCapacity(count);
        target.allocateNew();
        for (int i = 0; i < count; i++) {
          target.copyFromSafe(selected[i], i, source);
        }
        target.setValueCount(count);
      }
      output.setRowCount(count);
      return output;
    } catch (RuntimeException e) {
      output.close();
      throw e;
    }
  }
}
