package io.sluice.sql.plan;

import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.vector.VectorPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/**
 * A hash join that runs a batch at a time on the coordinator ({@link VectorPlan.Join}): inner,
 * left, right and full outer, semi and anti, on equality keys with typed hashing, plus a residual
 * condition the shard evaluator runs on candidate pairs. It replaces Calcite's row-at-a-time {@link
 * EnumerableHashJoin} after planning, wherever the keys and the condition allow.
 */
public final class VectorJoin extends Join implements VectorRel {
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final boolean[] nullsMatch;
  private final ShardExpression residual;

  private VectorJoin(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode left,
      RelNode right,
      RexNode condition,
      Set<CorrelationId> variablesSet,
      JoinRelType joinType,
      int[] leftKeys,
      int[] rightKeys,
      boolean[] nullsMatch,
      ShardExpression residual) {
    super(cluster, traits, List.of(), left, right, condition, variablesSet, joinType);
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.nullsMatch = nullsMatch;
    this.residual = residual;
  }

  /**
   * @param join a hash join Calcite planned
   * @return the same join vectorized, or null when its keys or condition cannot be
   */
  static VectorJoin of(EnumerableHashJoin join) {
    VectorPlan.JoinType type = typeOf(join.getJoinType());
    if (type == null) {
      return null;
    }
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty()) {
      return null;
    }
    try {
      List<Lane> leftLanes = VectorRel.lanes(join.getLeft().getRowType());
      List<Lane> rightLanes = VectorRel.lanes(join.getRight().getRowType());
      VectorRel.lanes(join.getRowType());
      VectorRel.fields(join.getRowType());
      int[] leftKeys = info.leftKeys.toIntArray();
      int[] rightKeys = info.rightKeys.toIntArray();
      boolean[] nullsMatch = new boolean[leftKeys.length];
      for (int k = 0; k < leftKeys.length; k++) {
        if (leftLanes.get(leftKeys[k]) != rightLanes.get(rightKeys[k])) {
          return null;
        }
        nullsMatch[k] = !info.nullExclusionFlags.get(k);
      }
      RexBuilder rexBuilder = join.getCluster().getRexBuilder();
      RexNode remaining = info.getRemaining(rexBuilder);
      ShardExpression residual = null;
      if (!remaining.isAlwaysTrue()) {
        List<String> names = new ArrayList<>(join.getLeft().getRowType().getFieldNames());
        names.addAll(join.getRight().getRowType().getFieldNames());
        residual = new RexToShard(rexBuilder, names).translate(remaining);
      }
      return new VectorJoin(
          join.getCluster(),
          join.getTraitSet(),
          join.getLeft(),
          join.getRight(),
          join.getCondition(),
          join.getVariablesSet(),
          join.getJoinType(),
          leftKeys,
          rightKeys,
          nullsMatch,
          residual);
    } catch (UnsupportedOperationException | IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  private static VectorPlan.JoinType typeOf(JoinRelType type) {
    return switch (type) {
      case INNER -> VectorPlan.JoinType.INNER;
      case LEFT -> VectorPlan.JoinType.LEFT;
      case RIGHT -> VectorPlan.JoinType.RIGHT;
      case FULL -> VectorPlan.JoinType.FULL;
      case SEMI -> VectorPlan.JoinType.SEMI;
      case ANTI -> VectorPlan.JoinType.ANTI;
      default -> null;
    };
  }

  @Override
  public VectorJoin copy(
      RelTraitSet traitSet,
      RexNode condition,
      RelNode left,
      RelNode right,
      JoinRelType joinType,
      boolean semiJoinDone) {
    return new VectorJoin(
        getCluster(),
        traitSet,
        left,
        right,
        condition,
        variablesSet,
        joinType,
        leftKeys,
        rightKeys,
        nullsMatch,
        residual);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getLeft()) + mq.getRowCount(getRight());
    return planner.getCostFactory().makeCost(rows, rows, 0);
  }

  @Override
  public VectorPlan vectorPlan(Inputs inputs) {
    VectorPlan left = inputs.of(this, 0);
    VectorPlan right = inputs.of(this, 1);
    return new VectorPlan.Join(
        left,
        right,
        leftKeys,
        rightKeys,
        nullsMatch,
        typeOf(joinType),
        residual,
        VectorRel.lanes(getRowType()));
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return VectorRel.implement(this, implementor);
  }
}
