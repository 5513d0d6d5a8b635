package io.sluice.jobs.internal;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** Moving Arrow vectors between owners without copying their buffers. */
final class Vectors {
  private Vectors() {}

  /**
   * Moves a vector's buffers into a new vector of another name: a table's appends check column
   * names, and the functions name their outputs their own way.
   *
   * @param vector the source; left empty (still to be closed by its owner)
   * @param field the name and type of the result (the type must be the source's)
   * @param allocator where the result is accounted
   * @return the new vector, owning the buffers
   */
  static FieldVector moveAs(FieldVector vector, Field field, BufferAllocator allocator) {
    Field target =
        new Field(
            field.getName(), vector.getField().getFieldType(), vector.getField().getChildren());
    TransferPair transfer = vector.getTransferPair(target, allocator);
    transfer.transfer();
    return (FieldVector) transfer.getTo();
  }
}
