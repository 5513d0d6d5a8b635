package io.sluice.sql.plan;

import io.sluice.sql.exec.WasmScalarCall;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * A Calcite function that shards can call batch by batch: implemented by the scalar wasm functions
 * of the catalog, each pinned to one version of its module.
 */
public interface ShardCallable {

  /**
   * @return the batch call shards make
   */
  WasmScalarCall shardCall();

  /**
   * @param typeFactory the planner's type factory
   * @return the types the function's parameters take; arguments are cast to them on shards
   */
  List<RelDataType> parameterTypes(RelDataTypeFactory typeFactory);
}
