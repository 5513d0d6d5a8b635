package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.PartialAggregate;
import io.sluice.sql.exec.ShardExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/** Rewrites over {@link ShardExpression} trees used while building a shard plan. */
final class ShardExpressions {
  private ShardExpressions() {}

  static void collectInputs(ShardExpression expression, BitSet used) {
    if (expression instanceof ShardExpression.InputRef ref) {
      used.set(ref.index());
    } else if (expression instanceof ShardExpression.Call call) {
      call.operands().forEach(o -> collectInputs(o, used));
    } else if (expression instanceof ShardExpression.WasmCall call) {
      call.operands().forEach(o -> collectInputs(o, used));
    }
  }

  static ShardExpression remap(ShardExpression expression, int[] mapping) {
    if (expression instanceof ShardExpression.InputRef ref) {
      return new ShardExpression.InputRef(mapping[ref.index()], ref.name(), ref.type());
    } else if (expression instanceof ShardExpression.Call call) {
      return new ShardExpression.Call(
          call.operator(), remap(call.operands(), mapping), call.type());
    } else if (expression instanceof ShardExpression.WasmCall call) {
      return new ShardExpression.WasmCall(
          call.function(), remap(call.operands(), mapping), call.type());
    }
    return expression;
  }

  private static List<ShardExpression> remap(List<ShardExpression> operands, int[] mapping) {
    List<ShardExpression> out = new ArrayList<>();
    for (ShardExpression operand : operands) {
      out.add(remap(operand, mapping));
    }
    return out;
  }

  static ShardExpression inline(ShardExpression expression, List<ShardExpression> projects) {
    if (expression instanceof ShardExpression.InputRef ref) {
      return projects.get(ref.index());
    } else if (expression instanceof ShardExpression.Call call) {
      List<ShardExpression> operands = new ArrayList<>();
      call.operands().forEach(o -> operands.add(inline(o, projects)));
      return new ShardExpression.Call(call.operator(), operands, call.type());
    } else if (expression instanceof ShardExpression.WasmCall call) {
      List<ShardExpression> operands = new ArrayList<>();
      call.operands().forEach(o -> operands.add(inline(o, projects)));
      return new ShardExpression.WasmCall(call.function(), operands, call.type());
    }
    return expression;
  }

  static PartialAggregate remap(PartialAggregate aggregate, int[] mapping) {
    int[] keys = aggregate.groupKeys().clone();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = mapping[keys[i]];
    }
    List<PartialAggregate.Call> calls = new ArrayList<>();
    for (PartialAggregate.Call call : aggregate.calls()) {
      int[] arguments = call.arguments().clone();
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = mapping[arguments[i]];
      }
      calls.add(new PartialAggregate.Call(call.kind(), arguments, call.outputType(), call.wasm()));
    }
    return new PartialAggregate(keys, calls);
  }

  static ShardExpression and(ShardExpression a, ShardExpression b) {
    boolean nullable = a.type().nullable() || b.type().nullable();
    return new ShardExpression.Call(
        ShardExpression.Operator.AND,
        List.of(a, b),
        new ExprType(SqlTypeName.BOOLEAN, -1, -1, nullable));
  }
}
