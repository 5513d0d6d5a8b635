package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceTable;
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

/** Scans every shard of a Sluice table: the bottom of every shard fragment. */
public final class ShardTableScan extends TableScan implements ShardRel {
  private final SluiceTable sluiceTable;

  /**
   * @param cluster the planner's cluster
   * @param traitSet traits, in the SHARD convention
   * @param table the planner's view of the table
   * @param sluiceTable the table
   */
  public ShardTableScan(
      RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, SluiceTable sluiceTable) {
    super(cluster, traitSet, List.of(), table);
    this.sluiceTable = sluiceTable;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardTableScan(getCluster(), traitSet, table, sluiceTable);
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (RelOptRule rule : sluiceTable.pushdown() ? ShardRules.RULES : ShardRules.SCAN_ONLY) {
      planner.addRule(rule);
    }
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("shards", sluiceTable.shardCount());
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Reading on shards is cheap next to moving rows; the converter above charges for that.
    return super.computeSelfCost(planner, mq).multiplyBy(0.1);
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.scan(sluiceTable, getRowType());
  }

  /**
   * @return the scanned table
   */
  public SluiceTable sluiceTable() {
    return sluiceTable;
  }
}
