package io.sluice.sql.plan;

import io.sluice.sql.exec.ParameterPrune;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.storage.Predicate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * A filter evaluated on shards over whole batches (wasm predicates included); comparisons of plain
 * columns with constants also skip chunks by their statistics.
 */
public final class ShardFilter extends Filter implements ShardRel {

  /**
   * @param cluster the planner's cluster
   * @param traitSet traits, in the SHARD convention
   * @param input the operator below
   * @param condition the condition; every part of it must translate to a shard expression
   */
  public ShardFilter(
      RelOptCluster cluster, RelTraitSet traitSet, RelNode input, RexNode condition) {
    super(cluster, traitSet, input, condition);
  }

  @Override
  public Filter copy(RelTraitSet traitSet, RelNode input, RexNode condition) {
    return new ShardFilter(getCluster(), traitSet, input, condition);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return super.computeSelfCost(planner, mq).multiplyBy(0.1);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> prunes = chunkPruning();
    return super.explainTerms(pw)
        .itemIf("udfs", String.join(", ", WasmCalls.namesIn(condition)), WasmCalls.any(condition))
        .itemIf("prunes", prunes, !prunes.isEmpty());
  }

  /**
   * The predicates that skip chunks by their statistics, for EXPLAIN: known once the filter stands
   * on the table scan itself (in a finished plan; while planning, its input is a set of
   * alternatives and nothing is shown).
   */
  private List<String> chunkPruning() {
    if (!(getInput() instanceof ShardTableScan scan)) {
      return List.of();
    }
    List<String> columns = scan.getRowType().getFieldNames();
    ShardExpression translated;
    try {
      translated = new RexToShard(getCluster().getRexBuilder(), columns).translate(condition);
    } catch (UnsupportedOperationException e) {
      return List.of();
    }
    List<Predicate> prune = new ArrayList<>();
    List<ParameterPrune> parameters = new ArrayList<>();
    ChunkPruning.collect(translated, columns, prune, parameters);
    List<String> described = new ArrayList<>();
    prune.forEach(p -> described.add(p.toString()));
    parameters.forEach(p -> described.add(p.toString()));
    return described;
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.visitChild(getInput());
    ShardExpression translated = implementor.translator(getInput()).translate(condition);
    ShardExpression inlined = implementor.inline(translated);
    List<Predicate> prune = new ArrayList<>();
    List<ParameterPrune> parameters = new ArrayList<>();
    ChunkPruning.collect(inlined, implementor.tableColumnNames(), prune, parameters);
    implementor.filter(inlined, prune, parameters);
  }
}
