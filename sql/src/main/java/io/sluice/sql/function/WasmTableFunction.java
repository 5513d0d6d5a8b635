package io.sluice.sql.function;

import io.sluice.sql.exec.QueryContext;
import io.sluice.sql.exec.WasmTableCall;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.SqlType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
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
public final class WasmTableFunction implements WasmFunction, TableFunction, ImplementableFunction {
  private final WasmFunctionVersion version;

  /**
   * @param version the function version queries planned now will use
   */
  public WasmTableFunction(WasmFunctionVersion version) {
    this.version = version;
    FunctionHandles.register(version);
  }

  @Override
  public WasmFunctionVersion version() {
    return version;
  }

  /**
   * @return the function called a batch of rows at a time, as a lateral join over many rows runs it
   */
  public WasmTableCall batchCall() {
    return new BatchCall(version);
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

  /** Calls the function on a batch, through the query's session for this thread. */
  private static final class BatchCall implements WasmTableCall {
    private final WasmFunctionVersion version;
    private final List<Field> arguments;

    BatchCall(WasmFunctionVersion version) {
      this.version = version;
      List<Field> fields = new ArrayList<>();
      List<SqlType> types = version.definition().descriptor().argumentTypes();
      for (int i = 0; i < types.size(); i++) {
        fields.add(WasmTypes.field("arg" + (i + 1), types.get(i)));
      }
      this.arguments = List.copyOf(fields);
    }

    @Override
    public String name() {
      return version.name();
    }

    @Override
    public List<Field> argumentFields() {
      return arguments;
    }

    @Override
    public AutoCloseable pin() {
      return Pins.pin(version);
    }

    @Override
    public VectorSchemaRoot invoke(
        List<FieldVector> args, int rows, BufferAllocator allocator, QueryContext query) {
      return ShardSessions.session(query, version).table(args, rows, allocator);
    }
  }
}
