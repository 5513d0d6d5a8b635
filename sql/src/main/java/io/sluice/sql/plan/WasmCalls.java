package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.ShardExpression;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/** Recognizes calls of wasm functions in Calcite expressions. */
final class WasmCalls {
  private WasmCalls() {}

  /**
   * @param call a call
   * @return the wasm function it calls, or null
   */
  static ShardCallable callee(RexCall call) {
    if (call.getOperator() instanceof SqlUserDefinedFunction udf
        && udf.getFunction() instanceof ShardCallable callable) {
      return callable;
    }
    return null;
  }

  /**
   * Translates a wasm call whose operands the given translator handles.
   *
   * @param call a call
   * @param operands translates each operand
   * @return the shard form of the call
   * @throws UnsupportedOperationException when it is not a wasm call
   */
  static ShardExpression.WasmCall translate(
      RexCall call, java.util.function.Function<RexNode, ShardExpression> operands) {
    ShardCallable callee = callee(call);
    if (callee == null) {
      throw new UnsupportedOperationException(
          "function " + call.getOperator().getName() + " is not evaluated on shards");
    }
    List<ShardExpression> translated = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      translated.add(operands.apply(operand));
    }
    return new ShardExpression.WasmCall(
        callee.shardCall(), translated, ExprType.of(call.getType()));
  }

  /**
   * @param node an expression
   * @return whether it calls a wasm function
   */
  static boolean any(RexNode node) {
    return !namesIn(node).isEmpty();
  }

  /**
   * @param node an expression
   * @return the names of the wasm functions it calls, in order of appearance
   */
  static Set<String> namesIn(RexNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.accept(
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            if (callee(call) != null) {
              names.add(call.getOperator().getName());
            }
            return super.visitCall(call);
          }
        });
    return names;
  }

  /**
   * @param nodes expressions
   * @return whether any calls a wasm function
   */
  static boolean any(List<RexNode> nodes) {
    return !namesIn(nodes).isEmpty();
  }

  /**
   * @param nodes expressions
   * @return the names of the wasm functions they call
   */
  static Set<String> namesIn(List<RexNode> nodes) {
    Set<String> names = new LinkedHashSet<>();
    nodes.forEach(n -> names.addAll(namesIn(n)));
    return names;
  }
}
