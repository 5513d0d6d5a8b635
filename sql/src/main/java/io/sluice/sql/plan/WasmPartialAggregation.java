package io.sluice.sql.plan;

/**
 * Implemented by the aggregate function that stands for a wasm aggregate's partial states in a
 * {@link ShardAggregate}.
 */
public interface WasmPartialAggregation {

  /**
   * @return the wasm aggregate whose states these are
   */
  ShardAggregatable source();
}
