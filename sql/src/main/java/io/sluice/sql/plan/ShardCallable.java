package io.sluice.sql.plan;

import io.sluice.sql.exec.WasmScalarCall;

/**
 * A Calcite function that shards can call batch by batch: implemented by the scalar wasm functions
 * of the catalog, each pinned to one version of its module.
 */
public interface ShardCallable {

  /**
   * @return the batch call shards make
   */
  WasmScalarCall shardCall();
}
