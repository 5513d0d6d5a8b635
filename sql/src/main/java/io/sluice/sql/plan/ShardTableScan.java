package io.sluice.sql.plan;

import io.sluice.sql.catalog.FragmentSource;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Scans every shard of a Sluice table, or files read in place: the bottom of every shard fragment.
 */
public final class ShardTableScan extends TableScan implements ShardRel {
  private final FragmentSource source;

  /**
   * @param cluster the planner's cluster
   * @param traitSet traits, in the SHARD convention
   * @param table the planner's view of the table
   * @param source the table or files
   */
  public ShardTableScan(
      RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, FragmentSource source) {
    super(cluster, traitSet, List.of(), table);
    this.source = source;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardTableScan(getCluster(), traitSet, table, source);
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (RelOptRule rule : source.pushdown() ? ShardRules.RULES : ShardRules.SCAN_ONLY) {
      planner.addRule(rule);
    }
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return source.explain(super.explainTerms(pw));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Reading on shards is cheap next to moving rows; the converter above charges for that.
    return super.computeSelfCost(planner, mq).multiplyBy(0.1);
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.scan(source, getRowType());
  }

  /**
   * @return the scanned table or files
   */
  public FragmentSource source() {
    return source;
  }
}
