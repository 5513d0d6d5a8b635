package io.sluice.sql.plan;

import io.sluice.sql.exec.WasmAggregateCall;
import org.apache.calcite.sql.SqlAggFunction;

/**
 * A Calcite aggregate function that can run in two phases: partial states on shards, merged on the
 * coordinator. Implemented by the wasm aggregates of the catalog.
 */
public interface ShardAggregatable {

  /**
   * @return the shard half: per-group states updated batch by batch, then serialized
   */
  WasmAggregateCall shardCall();

  /**
   * @return the aggregate function that stands for the partial states in plans (returns VARBINARY)
   */
  SqlAggFunction partialFunction();

  /**
   * @return the coordinator half: merges serialized states and finishes them
   */
  SqlAggFunction mergeFunction();
}
