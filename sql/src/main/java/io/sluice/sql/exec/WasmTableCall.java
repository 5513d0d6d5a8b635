package io.sluice.sql.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A wasm table function called a batch of rows at a time: one call maps every row of the batch to
 * its output rows. The implementation is pinned to the function version the query was planned with.
 */
public interface WasmTableCall {

  /**
   * @return the function's SQL name, for plans and errors
   */
  String name();

  /**
   * @return the Arrow fields of the function's arguments, in order
   */
  List<Field> argumentFields();

  /**
   * Pins the function version for a query that is starting.
   *
   * @return the pin, closed when the query ends
   * @throws IllegalStateException when the version is no longer available
   */
  AutoCloseable pin();

  /**
   * Calls the function on a batch.
   *
   * @param arguments one vector per argument, all of {@code rows} values; the caller keeps them
   * @param rows rows in the batch
   * @param allocator where the output's memory comes from
   * @param query the running query, which keeps one sandbox instance per function and thread
   * @return the output rows: the input row index (non-decreasing) first, then the declared columns;
   *     owned by the caller
   */
  VectorSchemaRoot invoke(
      List<FieldVector> arguments, int rows, BufferAllocator allocator, QueryContext query);
}
