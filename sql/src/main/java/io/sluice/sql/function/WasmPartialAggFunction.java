package io.sluice.sql.function;

import io.sluice.sql.plan.ShardAggregatable;
import io.sluice.sql.plan.WasmPartialAggregation;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Optionality;

/**
 * Stands, in plans, for the serialized per-group states a wasm aggregate computes on each shard (a
 * VARBINARY column of the partial aggregate). Shards compute it; nothing else ever does.
 */
final class WasmPartialAggFunction extends SqlAggFunction implements WasmPartialAggregation {
  private final ShardAggregatable source;

  WasmPartialAggFunction(WasmAggregateFunction source) {
    super(
        source.version().name() + "$partial",
        null,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(SqlTypeName.VARBINARY),
        null,
        OperandTypes.VARIADIC,
        SqlFunctionCategory.USER_DEFINED_FUNCTION,
        false,
        false,
        Optionality.FORBIDDEN);
    this.source = source;
  }

  @Override
  public ShardAggregatable source() {
    return source;
  }
}
