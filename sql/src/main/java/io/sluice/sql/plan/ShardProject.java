package io.sluice.sql.plan;

import io.sluice.sql.exec.ShardExpression;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** Computes expressions on shards over whole batches, calling wasm functions once per batch. */
public final class ShardProject extends Project implements ShardRel {

  /**
   * @param cluster the planner's cluster
   * @param traitSet traits, in the SHARD convention
   * @param input the operator below
   * @param projects the expressions; each must translate to a shard expression
   * @param rowType the output row type
   */
  public ShardProject(
      RelOptCluster cluster,
      RelTraitSet traitSet,
      RelNode input,
      List<? extends RexNode> projects,
      RelDataType rowType) {
    super(cluster, traitSet, List.of(), input, projects, rowType, java.util.Set.of());
  }

  @Override
  public Project copy(
      RelTraitSet traitSet, RelNode input, List<RexNode> projects, RelDataType rowType) {
    return new ShardProject(getCluster(), traitSet, input, projects, rowType);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return super.computeSelfCost(planner, mq).multiplyBy(0.1);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .itemIf(
            "udfs",
            String.join(", ", WasmCalls.namesIn(getProjects())),
            WasmCalls.any(getProjects()));
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.visitChild(getInput());
    RexToShard translator = implementor.translator(getInput());
    List<ShardExpression> expressions = new ArrayList<>();
    for (RexNode project : getProjects()) {
      expressions.add(translator.translate(project));
    }
    implementor.project(expressions);
  }
}
