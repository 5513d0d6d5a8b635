package io.sluice.sql.plan;

import io.sluice.sql.exec.ShardPlan;
import io.sluice.sql.exec.ShardQuery;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The boundary between shards and coordinator: runs the shard fragment below it on every shard in
 * parallel and feeds the rows to Calcite's enumerable operators. Its cost is the rows it moves, so
 * the planner prefers plans that push work below it.
 */
public final class ShardToEnumerableConverter extends ConverterImpl implements EnumerableRel {

  /**
   * @param cluster the planner's cluster
   * @param traits traits, in the enumerable convention
   * @param input the shard fragment's top operator
   */
  public ShardToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    double width = getRowType().getFieldCount();
    return planner.getCostFactory().makeCost(rows * width, rows, rows * width);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw);
  }

  /**
   * @return the plan of the shard fragment below, run on every shard
   */
  ShardPlan shardPlan() {
    ShardImplementor shardImplementor = new ShardImplementor();
    shardImplementor.visitChild(getInput());
    return shardImplementor.build(getRowType(), StatementText.current());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    ShardPlan plan = shardPlan();
    // One column travels as bare values (Calcite's SCALAR format), several as Object[] rows.
    boolean scalar = getRowType().getFieldCount() == 1;
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(),
            getRowType(),
            scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY,
            false);
    Expression stashed = implementor.stash(plan, ShardPlan.class);
    BlockBuilder builder = new BlockBuilder();
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                ShardQuery.class, scalar ? "scalars" : "enumerable", DataContext.ROOT, stashed)));
    return implementor.result(physType, builder.toBlock());
  }
}
