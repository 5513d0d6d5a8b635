package io.sluice.sql.function;

import io.sluice.sql.exec.QueryContext;
import io.sluice.sql.exec.WasmScalarCall;
import io.sluice.sql.plan.ShardCallable;
import io.sluice.udf.UdfSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;

/**
 * A scalar wasm function as Calcite sees it, pinned to one version: shards call it batch by batch
 * ({@link #shardCall()}); Calcite's coordinator operators call it row by row through {@link
 * CoordinatorCalls}.
 */
public final class WasmScalarFunction
    implements WasmFunction, ScalarFunction, ImplementableFunction, ShardCallable {
  private static final JavaTypeFactory JAVA_TYPES = new JavaTypeFactoryImpl();

  private final WasmFunctionVersion version;
  private final WasmScalarCall shardCall;

  /**
   * @param version the function version queries planned now will use
   */
  public WasmScalarFunction(WasmFunctionVersion version) {
    this.version = version;
    this.shardCall = new ShardCall(version);
    FunctionHandles.register(version);
  }

  @Override
  public WasmFunctionVersion version() {
    return version;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return WasmParameters.of(version.definition().descriptor());
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return WasmTypes.toRelType(version.definition().descriptor().resultType(), typeFactory);
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          List<Expression> boxed = new ArrayList<>();
          for (Expression operand : operands) {
            boxed.add(Expressions.box(operand));
          }
          Expression value =
              Expressions.call(
                  CoordinatorCalls.class,
                  "scalar",
                  translator.getRoot(),
                  Expressions.constant(version.id()),
                  Expressions.newArrayInit(Object.class, boxed));
          Class<?> type = (Class<?>) JAVA_TYPES.getJavaClass(call.getType());
          return Expressions.convert_(value, type);
        },
        NullPolicy.NONE,
        false);
  }

  @Override
  public WasmScalarCall shardCall() {
    return shardCall;
  }

  @Override
  public List<RelDataType> parameterTypes(RelDataTypeFactory typeFactory) {
    List<RelDataType> types = new ArrayList<>();
    for (FunctionParameter parameter : getParameters()) {
      types.add(parameter.getType(typeFactory));
    }
    return types;
  }

  /** Calls the function on a shard batch, through the query's session for this thread. */
  private static final class ShardCall implements WasmScalarCall {
    private final WasmFunctionVersion version;

    ShardCall(WasmFunctionVersion version) {
      this.version = version;
    }

    @Override
    public String name() {
      return version.name();
    }

    @Override
    public AutoCloseable pin() {
      return Pins.pin(version);
    }

    @Override
    public FieldVector invoke(
        List<FieldVector> arguments, int rows, BufferAllocator allocator, QueryContext query) {
      UdfSession session = ShardSessions.session(query, version);
      return session.scalar(arguments, rows, allocator);
    }
  }
}
