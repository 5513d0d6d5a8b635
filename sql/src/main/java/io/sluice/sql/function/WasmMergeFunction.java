package io.sluice.sql.function;

import java.util.List;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * The coordinator half of a pushed wasm aggregate: merges the serialized partial states of every
 * shard for a group and finishes them into the aggregate's result.
 */
final class WasmMergeFunction implements AggregateFunction, ImplementableAggFunction {
  private final WasmFunctionVersion version;

  private WasmMergeFunction(WasmFunctionVersion version) {
    this.version = version;
  }

  static SqlAggFunction operator(WasmFunctionVersion version) {
    WasmMergeFunction function = new WasmMergeFunction(version);
    return new SqlUserDefinedAggFunction(
        new SqlIdentifier(version.name() + "$merge", SqlParserPos.ZERO),
        opBinding -> function.getReturnType(opBinding.getTypeFactory()),
        InferTypes.explicit(List.of()),
        OperandTypes.family(org.apache.calcite.sql.type.SqlTypeFamily.BINARY),
        function,
        false,
        false,
        Optionality.FORBIDDEN,
        null);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(
        new FunctionParameter() {
          @Override
          public int getOrdinal() {
            return 0;
          }

          @Override
          public String getName() {
            return "state";
          }

          @Override
          public RelDataType getType(RelDataTypeFactory typeFactory) {
            return typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(SqlTypeName.VARBINARY), true);
          }

          @Override
          public boolean isOptional() {
            return false;
          }
        });
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return WasmTypes.toRelType(version.definition().descriptor().resultType(), typeFactory);
  }

  @Override
  public AggImplementor getImplementor(boolean windowContext) {
    return new WasmAggImplementor(version.id(), true);
  }
}
