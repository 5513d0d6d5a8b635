package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.PartialAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The partial half of an aggregation, run on each shard: one row per group and shard, holding
 * partial results (counts, sums, extremes, serialized wasm states) that a final aggregate on the
 * coordinator combines.
 *
 * <p>Deliberately not a subclass of Calcite's {@link Aggregate}: its output is not unique on the
 * group keys (every shard has its own row per group), so none of the metadata and rules that hold
 * for aggregates (such as removing an aggregate over an input already unique on its keys) may
 * apply.
 */
public final class ShardAggregate extends SingleRel implements ShardRel {
  private final ImmutableBitSet groupSet;
  private final List<AggregateCall> aggCalls;

  /**
   * @param cluster the planner's cluster
   * @param traitSet traits, in the SHARD convention
   * @param input the operator below
   * @param groupSet the grouping columns
   * @param aggCalls the partial calls (COUNT, SUM, $SUM0, MIN, MAX or wasm partial states)
   */
  public ShardAggregate(
      RelOptCluster cluster,
      RelTraitSet traitSet,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> aggCalls) {
    super(cluster, traitSet, input);
    this.groupSet = groupSet;
    this.aggCalls = List.copyOf(aggCalls);
  }

  /**
   * @return the grouping columns of the input, whose values the first output columns carry
   */
  public ImmutableBitSet groupSet() {
    return groupSet;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardAggregate(getCluster(), traitSet, sole(inputs), groupSet, aggCalls);
  }

  @Override
  protected RelDataType deriveRowType() {
    return Aggregate.deriveRowType(
        getCluster().getTypeFactory(), getInput().getRowType(), false, groupSet, null, aggCalls);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double input = mq.getRowCount(getInput());
    if (groupSet.isEmpty()) {
      return 1;
    }
    Double distinct = mq.getDistinctRowCount(getInput(), groupSet, null);
    return distinct == null ? Math.max(1, input / 10) : Math.min(input, distinct);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows * (aggCalls.size() + 1), 0).multiplyBy(0.1);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("group", groupSet)
        .item("partial", aggCalls)
        .itemIf("udafs", String.join(", ", wasmNames()), !wasmNames().isEmpty());
  }

  private List<String> wasmNames() {
    List<String> names = new ArrayList<>();
    for (AggregateCall call : aggCalls) {
      if (call.getAggregation() instanceof WasmPartialAggregation partial) {
        names.add(partial.source().shardCall().name());
      }
    }
    return names;
  }

  @Override
  public void implement(ShardImplementor implementor) {
    implementor.visitChild(getInput());
    List<PartialAggregate.Call> calls = new ArrayList<>();
    for (AggregateCall call : aggCalls) {
      calls.add(partial(call));
    }
    implementor.aggregate(new PartialAggregate(groupSet.toArray(), calls));
  }

  private static PartialAggregate.Call partial(AggregateCall call) {
    int[] arguments = call.getArgList().stream().mapToInt(Integer::intValue).toArray();
    ExprType type = ExprType.of(call.getType());
    if (call.getAggregation() instanceof SqlUserDefinedAggFunction udaf
        && udaf.function instanceof ShardAggregatable wasm) {
      return new PartialAggregate.Call(
          PartialAggregate.Kind.WASM, arguments, type, wasm.shardCall());
    }
    if (call.getAggregation() instanceof WasmPartialAggregation partial) {
      return new PartialAggregate.Call(
          PartialAggregate.Kind.WASM, arguments, type, partial.source().shardCall());
    }
    switch (call.getAggregation().getKind()) {
      case COUNT:
        return new PartialAggregate.Call(
            arguments.length == 0 ? PartialAggregate.Kind.COUNT_STAR : PartialAggregate.Kind.COUNT,
            arguments,
            type,
            null);
      case SUM:
        return new PartialAggregate.Call(PartialAggregate.Kind.SUM, arguments, type, null);
      case SUM0:
        return new PartialAggregate.Call(PartialAggregate.Kind.SUM0, arguments, type, null);
      case MIN:
        return new PartialAggregate.Call(PartialAggregate.Kind.MIN, arguments, type, null);
      case MAX:
        return new PartialAggregate.Call(PartialAggregate.Kind.MAX, arguments, type, null);
      default:
        throw new IllegalStateException("not a partial aggregate: " + call);
    }
  }
}
