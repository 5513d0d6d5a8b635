package io.sluice.sql.exec;

import io.sluice.sql.type.SqlTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A filter and projection that the coordinator runs a batch of rows at a time, because it calls
 * wasm functions on rows that never were on a shard (above a join, or with pushdown off). The same
 * evaluator as on shards runs it, so each wasm function is called once per batch instead of once
 * per row.
 *
 * @param inputTypes the types of the input columns the expressions read, null for the others
 * @param filter the condition rows must meet, or null
 * @param outputs one per output column: an input column passed through or an expression
 */
public record CalcPlan(List<ExprType> inputTypes, ShardExpression filter, List<Output> outputs) {

  /**
   * One output column: either the input column {@code passThrough} as it is, or {@code expression}
   * computed over the batch.
   *
   * @param passThrough the input column, or -1
   * @param expression what to compute, or null
   */
  public record Output(int passThrough, ShardExpression expression) {
    /**
     * @param index an input column
     * @return an output that passes it through
     */
    public static Output of(int index) {
      return new Output(index, null);
    }

    /**
     * @param expression what to compute
     * @return an output computed over the batch
     */
    public static Output of(ShardExpression expression) {
      return new Output(-1, expression);
    }

    @Override
    public String toString() {
      return expression == null ? "$" + passThrough : expression.toString();
    }
  }

  /**
   * @param inputWidth how many columns the input has
   * @param filter the condition rows must meet, or null
   * @param outputs the output columns
   * @return the plan, reading only the columns its expressions need
   */
  public static CalcPlan of(int inputWidth, ShardExpression filter, List<Output> outputs) {
    ExprType[] types = new ExprType[inputWidth];
    List<ShardExpression> expressions = new ArrayList<>();
    if (filter != null) {
      expressions.add(filter);
    }
    for (Output output : outputs) {
      if (output.expression() != null) {
        expressions.add(output.expression());
      }
    }
    for (ShardExpression expression : expressions) {
      collectInputs(expression, types);
    }
    return new CalcPlan(Arrays.asList(types), filter, List.copyOf(outputs));
  }

  private static void collectInputs(ShardExpression expression, ExprType[] types) {
    if (expression instanceof ShardExpression.InputRef ref) {
      types[ref.index()] = ref.type();
    } else if (expression instanceof ShardExpression.Call call) {
      call.operands().forEach(o -> collectInputs(o, types));
    } else if (expression instanceof ShardExpression.WasmCall call) {
      call.operands().forEach(o -> collectInputs(o, types));
    }
  }

  /**
   * @return the wasm functions the plan calls, each once
   */
  public Set<WasmScalarCall> functions() {
    Set<Object> calls = new LinkedHashSet<>();
    if (filter != null) {
      ShardPlan.collectCalls(filter, calls);
    }
    for (Output output : outputs) {
      if (output.expression() != null) {
        ShardPlan.collectCalls(output.expression(), calls);
      }
    }
    Set<WasmScalarCall> functions = new LinkedHashSet<>();
    calls.forEach(c -> functions.add((WasmScalarCall) c));
    return functions;
  }

  /**
   * @param index an input column the expressions read
   * @return an Arrow field for a batch of its values
   */
  Field inputField(int index) {
    return field("$" + index, inputTypes.get(index));
  }

  /**
   * @param index an output column computed by an expression
   * @return an Arrow field for a batch of its values
   */
  Field outputField(int index) {
    return field("out" + index, outputs.get(index).expression().type());
  }

  private static Field field(String name, ExprType type) {
    return new Field(
        name,
        new FieldType(
            true, SqlTypes.toArrowType(type.name(), type.precision(), type.scale(), name), null),
        null);
  }
}
