package io.sluice.sql.function;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;

/**
 * Generates the coordinator code of a wasm aggregate (or of the merge of its partial states): one
 * accumulator object per group, fed one row at a time, finished through {@link CoordinatorCalls}.
 */
final class WasmAggImplementor implements AggImplementor {
  private final long id;
  private final boolean merge;

  /**
   * @param id the aggregate version's handle
   * @param merge whether the rows are serialized partial states to merge
   */
  WasmAggImplementor(long id, boolean merge) {
    this.id = id;
    this.merge = merge;
  }

  @Override
  public List<Type> getStateType(AggContext info) {
    return List.of(Object.class);
  }

  @Override
  public void implementReset(AggContext info, AggResetContext reset) {
    reset
        .currentBlock()
        .add(
            Expressions.statement(
                Expressions.assign(
                    reset.accumulator().get(0),
                    Expressions.call(
                        CoordinatorCalls.class,
                        merge ? "newMergeAccumulator" : "newAccumulator",
                        Expressions.constant(id)))));
  }

  @Override
  public void implementAdd(AggContext info, AggAddContext add) {
    List<Expression> boxed = new ArrayList<>();
    for (Expression argument : add.arguments()) {
      boxed.add(Expressions.box(argument));
    }
    add.currentBlock()
        .add(
            Expressions.statement(
                Expressions.call(
                    CoordinatorCalls.class,
                    "accumulate",
                    add.accumulator().get(0),
                    Expressions.newArrayInit(Object.class, boxed))));
  }

  @Override
  public Expression implementResult(AggContext info, AggResultContext result) {
    Expression value =
        Expressions.call(CoordinatorCalls.class, "finish", result.accumulator().get(0));
    Type type = info.returnType();
    Class<?> boxed =
        type instanceof Class<?> c && c.isPrimitive() ? Primitive.box(c) : (Class<?>) type;
    Expression converted = Expressions.convert_(value, boxed);
    return type instanceof Class<?> c && c.isPrimitive() ? Expressions.unbox(converted) : converted;
  }
}
