package io.sluice.server.flight;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small metadata result (schemas, tables, type info) built row by row and sent as one batch: such
 * results hold a handful of rows per table, so bounding them is not needed.
 */
final class MetadataStreams implements AutoCloseable {
  private final VectorSchemaRoot root;
  private int row;

  MetadataStreams(Schema schema, BufferAllocator allocator) {
    this.root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
  }

  /**
   * Sets a cell of the current row; a null value leaves it null.
   *
   * @param column the column's name in the schema
   * @param value a String, Integer, Boolean or byte[]
   * @return this
   */
  MetadataStreams set(String column, Object value) {
    FieldVector vector = root.getVector(column);
    if (value == null) {
      // Cells start out null (allocateNew clears the validity bits): nothing to write.
      return this;
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof IntVector v) {
      v.setSafe(row, (Integer) value);
    } else if (vector instanceof BitVector v) {
      v.setSafe(row, (Boolean) value ? 1 : 0);
    } else if (vector instanceof VarBinaryVector v) {
      v.setSafe(row, (byte[]) value);
    } else {
      throw new IllegalArgumentException("no metadata setter for " + vector.getField());
    }
    return this;
  }

  /** Ends the current row. */
  void endRow() {
    row++;
  }

  /**
   * Sends the rows as one batch and completes the stream.
   *
   * @param listener the client's stream
   */
  void send(ServerStreamListener listener) {
    for (FieldVector vector : root.getFieldVectors()) {
      vector.setValueCount(row);
    }
    root.setRowCount(row);
    listener.start(root);
    listener.putNext();
    listener.completed();
  }

  @Override
  public void close() {
    root.close();
  }
}
