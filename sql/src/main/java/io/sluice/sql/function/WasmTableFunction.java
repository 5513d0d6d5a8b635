package io.sluice.sql.function;

import io.sluice.wasidata.FunctionDescriptor;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.TableFunction;

/**
 * A wasm table function as Calcite sees it: {@code FROM TABLE(f(args))}, or laterally per row of
 * another table ({@code FROM t, LATERAL TABLE(f(t.col))}). Its rows are the declared columns.
 */
public final class WasmTableFunction implements TableFunction, ImplementableFunction {
  private final WasmFunctionVersion version;

  /**
   * @param version the function version queries planned now will use
   */
  public WasmTableFunction(WasmFunctionVersion version) {
    this.version = version;
    FunctionHandles.register(version);
  }

  /**
   * @return the version queries planned with this function call
   */
  public WasmFunctionVersion version() {
    return version;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return WasmParameters.of(version.definition().descriptor());
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory, List<? extends Object> arguments) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (FunctionDescriptor.Column column : version.definition().descriptor().columns()) {
      builder.add(column.name(), WasmTypes.toRelType(column.type(), typeFactory));
    }
    return builder.build();
  }

  @Override
  public Type getElementType(List<? extends Object> arguments) {
    return Object[].class;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          List<Expression> boxed = new ArrayList<>();
          for (Expression operand : operands) {
            boxed.add(Expressions.box(operand));
          }
          return Expressions.call(
              CoordinatorCalls.class,
              "table",
              translator.getRoot(),
              Expressions.constant(version.id()),
              Expressions.newArrayInit(Object.class, boxed));
        },
        NullPolicy.NONE,
        false);
  }
}
