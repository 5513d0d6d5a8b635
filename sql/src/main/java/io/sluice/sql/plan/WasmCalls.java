package io.sluice.sql.plan;

import io.sluice.sql.function.WasmTableFunction;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedTableFunction;

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

  /**
   * @param right the right side of a lateral join (a planner's set stands for its original rel)
   * @return it, when it is a wasm table function scan of its own (no inputs); null otherwise
   */
  static TableFunctionScan wasmTableFunctionScan(RelNode right) {
    RelNode node = right instanceof RelSubset subset ? subset.getOriginal() : right;
    return node instanceof TableFunctionScan scan
            && scan.getInputs().isEmpty()
            && scan.getCall() instanceof RexCall call
            && call.getOperator() instanceof SqlUserDefinedTableFunction udtf
            && udtf.getFunction() instanceof WasmTableFunction
        ? scan
        : null;
  }

  /**
   * @param scan a scan from {@link #wasmTableFunctionScan}
   * @return the wasm table function it calls
   */
  static WasmTableFunction tableFunction(TableFunctionScan scan) {
    RexCall call = (RexCall) scan.getCall();
    return (WasmTableFunction) ((SqlUserDefinedTableFunction) call.getOperator()).getFunction();
  }
}
