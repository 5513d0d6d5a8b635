package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.function.WasmTableFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;

/**
 * A wasm table function applied on the shards to every row of its input ({@code FROM t, LATERAL
 * TABLE(f(t.col))}), one call per batch: each row becomes the rows the function returns for it,
 * with the input's columns followed by the function's. Projections and a partial aggregation may
 * follow it in the same fragment, so {@code GROUP BY} over the function's output moves only partial
 * states, as a map-reduce job's combiner does.
 */
public final class ShardLateral extends SingleRel implements ShardRel {
  private final WasmTableFunction function;
  private final List<RexNode> arguments;

  /**
   * @param cluster the planner's cluster
   * @param traits traits, in the SHARD convention
   * @param input the rows the function is applied to
   * @param function the table function
   * @param arguments its arguments, over the input's columns
   * @param rowType the input's columns, then the function's
   */
  ShardLateral(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      WasmTableFunction function,
      List<RexNode> arguments,
      RelDataType rowType) {
    super(cluster, traits, input);
    this.function = function;
    this.arguments = List.copyOf(arguments);
    this.rowType = rowType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardLateral(getCluster(), traitSet, sole(inputs), function, arguments, rowType);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(getInput()) * 4;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Cheaper than the coordinator's correlate: one call per batch, on every shard at once.
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows, 0).multiplyBy(0.01);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("function", function.version().name() + arguments)
        .item("udfs", function.version().name());
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.visitChild(getInput());
    RexToShard translator = implementor.translator(getInput());
    List<ShardExpression> translated = new ArrayList<>();
    for (RexNode argument : arguments) {
      translated.add(translator.translate(argument));
    }
    List<String> names = new ArrayList<>();
    List<ExprType> types = new ArrayList<>();
    List<RelDataTypeField> fields = getRowType().getFieldList();
    for (int i = getInput().getRowType().getFieldCount(); i < fields.size(); i++) {
      names.add(fields.get(i).getName());
      types.add(ExprType.of(fields.get(i).getType()));
    }
    implementor.lateral(function.batchCall(), translated, names, types);
  }
}
