package io.sluice.sql.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;

/**
 * A wasm aggregate as the shard aggregator sees it: states per group, updated batch by batch, then
 * serialized so the coordinator can merge them. Pinned to the version the query was planned with.
 */
public interface WasmAggregateCall {

  /**
   * @return the aggregate's SQL name, for plans and errors
   */
  String name();

  /**
   * Pins the aggregate's version for a query that is starting (see {@link WasmScalarCall#pin}).
   *
   * @return the pin, closed when the query ends
   * @throws IllegalStateException when the version is no longer available
   */
  AutoCloseable pin();

  /**
   * Starts the partial states of one shard task.
   *
   * @param query the running query, which leases the sandbox instance
   * @return the states of that task
   */
  States start(QueryContext query);

  /** The partial states of one shard task, one per group, living in one sandbox instance. */
  interface States extends AutoCloseable {

    /**
     * Folds a batch into the states.
     *
     * @param groups the group of each row; groups are numbered from 0 without gaps
     * @param groupCount how many groups exist so far (new ones get fresh states)
     * @param arguments one vector per argument
     * @param rows rows in the batch
     */
    void update(int[] groups, int groupCount, List<FieldVector> arguments, int rows);

    /**
     * @param groupCount how many groups there are
     * @param allocator where the vector's memory comes from
     * @return every group's serialized state, in group order, owned by the caller
     */
    VarBinaryVector serialize(int groupCount, BufferAllocator allocator);

    /** Frees the states and returns the instance. */
    @Override
    void close();
  }
}
