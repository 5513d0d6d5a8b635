package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.vector.VectorPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A hash aggregate that runs a batch at a time on the coordinator ({@link VectorPlan.Aggregate}):
 * typed group keys, strings by their bytes, typed states updated a column at a time. It replaces
 * Calcite's {@link EnumerableAggregate} after planning for COUNT, SUM, $SUM0, MIN, MAX, AVG of
 * integers and doubles, ANY_VALUE and SINGLE_VALUE, without DISTINCT, FILTER or grouping sets.
 */
public final class VectorAggregate extends Aggregate implements VectorRel {
  private final List<VectorPlan.AggregateCall> calls;

  private VectorAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> aggCalls,
      List<VectorPlan.AggregateCall> calls) {
    super(cluster, traits, List.of(), input, groupSet, null, aggCalls);
    this.calls = calls;
  }

  /**
   * @param aggregate an aggregate Calcite planned
   * @return the same aggregate vectorized, or null when one of its calls or types cannot be
   */
  static VectorAggregate of(EnumerableAggregate aggregate) {
    if (aggregate.getGroupType() != Group.SIMPLE) {
      return null;
    }
    try {
      List<Lane> inputLanes = VectorRel.lanes(aggregate.getInput().getRowType());
      VectorRel.lanes(aggregate.getRowType());
      VectorRel.fields(aggregate.getRowType());
      List<VectorPlan.AggregateCall> calls = new ArrayList<>();
      for (AggregateCall call : aggregate.getAggCallList()) {
        VectorPlan.AggregateCall vectorized = call(call, inputLanes);
        if (vectorized == null) {
          return null;
        }
        calls.add(vectorized);
      }
      return new VectorAggregate(
          aggregate.getCluster(),
          aggregate.getTraitSet(),
          aggregate.getInput(),
          aggregate.getGroupSet(),
          aggregate.getAggCallList(),
          List.copyOf(calls));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static VectorPlan.AggregateCall call(AggregateCall call, List<Lane> inputLanes) {
    if (call.isDistinct()
        || call.hasFilter()
        || call.getArgList().size() > 1
        || !call.getCollation().getFieldCollations().isEmpty()) {
      return null;
    }
    int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
    Lane argumentLane = argument < 0 ? Lane.LONG : inputLanes.get(argument);
    Lane outputLane = Lane.of(call.getType());
    VectorPlan.AggregateFunction function;
    switch (call.getAggregation().getKind()) {
      case COUNT:
        function =
            argument < 0
                ? VectorPlan.AggregateFunction.COUNT_STAR
                : VectorPlan.AggregateFunction.COUNT;
        break;
      case SUM:
        function = VectorPlan.AggregateFunction.SUM;
        break;
      case SUM0:
        function = VectorPlan.AggregateFunction.SUM0;
        break;
      case MIN:
        function = VectorPlan.AggregateFunction.MIN;
        break;
      case MAX:
        function = VectorPlan.AggregateFunction.MAX;
        break;
      case AVG:
        function = VectorPlan.AggregateFunction.AVG;
        if (argumentLane != Lane.LONG && argumentLane != Lane.DOUBLE) {
          return null;
        }
        break;
      case ANY_VALUE:
        function = VectorPlan.AggregateFunction.ANY_VALUE;
        break;
      case SINGLE_VALUE:
        function = VectorPlan.AggregateFunction.SINGLE_VALUE;
        break;
      default:
        return null;
    }
    if (argument < 0 && function != VectorPlan.AggregateFunction.COUNT_STAR) {
      return null;
    }
    Lane expected =
        function == VectorPlan.AggregateFunction.COUNT_STAR
                || function == VectorPlan.AggregateFunction.COUNT
            ? Lane.LONG
            : argumentLane;
    if (outputLane != expected
        || (argumentLane == Lane.BOOLEAN
            && (function == VectorPlan.AggregateFunction.SUM
                || function == VectorPlan.AggregateFunction.SUM0))
        || (argumentLane == Lane.BYTES
            && (function == VectorPlan.AggregateFunction.SUM
                || function == VectorPlan.AggregateFunction.SUM0))) {
      return null;
    }
    return new VectorPlan.AggregateCall(
        function, argument, argumentLane, ExprType.of(call.getType()));
  }

  @Override
  public Aggregate copy(
      RelTraitSet traitSet,
      RelNode input,
      ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets,
      List<AggregateCall> aggCalls) {
    return new VectorAggregate(getCluster(), traitSet, input, groupSet, aggCalls, calls);
  }

  @Override
  public VectorPlan vectorPlan(Inputs inputs) {
    return new VectorPlan.Aggregate(
        inputs.of(this, 0), groupSet.toArray(), calls, VectorRel.lanes(getRowType()));
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return VectorRel.implement(this, implementor);
  }
}
