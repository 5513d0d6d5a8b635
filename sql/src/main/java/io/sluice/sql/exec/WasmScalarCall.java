package io.sluice.sql.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A wasm scalar function as the shard evaluator sees it: one call per batch, Arrow in, Arrow out.
 * The implementation is pinned to the function version the query was planned with.
 */
public interface WasmScalarCall {

  /**
   * @return the function's SQL name, for plans and errors
   */
  String name();

  /**
   * Pins the function version for a query that is starting, so that it finishes on that version
   * even if the function is replaced or dropped meanwhile.
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
   * @param allocator where the result's memory comes from
   * @param query the running query, which keeps one sandbox instance per function and thread
   * @return the result vector, owned by the caller
   */
  FieldVector invoke(
      List<FieldVector> arguments, int rows, BufferAllocator allocator, QueryContext query);
}
