package io.sluice.sql.plan;

import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.ShardPlan;
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
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

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
  private final boolean buildLeft;

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
      ShardExpression residual,
      boolean buildLeft) {
    super(cluster, traits, List.of(), left, right, condition, variablesSet, joinType);
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.nullsMatch = nullsMatch;
    this.residual = residual;
    this.buildLeft = buildLeft;
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
          residual,
          buildsLeft(join, type));
    } catch (UnsupportedOperationException | IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * Whether an inner, left, semi or anti join should build its left input: Calcite's cost model for
   * its own hash join prefers the smaller input on the left, the side this join would probe.
   * Building the smaller input keeps the table in cache and its keys a selective dynamic filter for
   * the larger one.
   */
  private static boolean buildsLeft(EnumerableHashJoin join, VectorPlan.JoinType type) {
    if (type == VectorPlan.JoinType.RIGHT || type == VectorPlan.JoinType.FULL) {
      return false;
    }
    RelMetadataQuery mq = join.getCluster().getMetadataQuery();
    Double left = mq.getRowCount(join.getLeft());
    Double right = mq.getRowCount(join.getRight());
    return left != null && right != null && left < right;
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
        residual,
        buildLeft);
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
        filterRoutes(),
        buildLeft,
        VectorRel.lanes(getRowType()));
  }

  /**
   * Where the build side's keys can go as dynamic filters: for each key compared with {@code =},
   * the shard fragment on the probe side whose scan column carries it unchanged. Only a join whose
   * result does not depend on probe rows without a match may filter its probe side (inner, semi and
   * right joins probing their left input; inner, left, semi and anti joins probing their right
   * one), and only through operators that keep a row's key and drop its row when the key is
   * dropped.
   *
   * @return the routes, in key order
   */
  List<VectorPlan.FilterRoute> filterRoutes() {
    boolean filters =
        buildLeft
            ? joinType != JoinRelType.RIGHT && joinType != JoinRelType.FULL
            : joinType == JoinRelType.INNER
                || joinType == JoinRelType.SEMI
                || joinType == JoinRelType.RIGHT;
    if (!filters) {
      return List.of();
    }
    RelNode probe = buildLeft ? getRight() : getLeft();
    int[] probeKeys = buildLeft ? rightKeys : leftKeys;
    List<VectorPlan.FilterRoute> routes = new ArrayList<>();
    for (int k = 0; k < probeKeys.length; k++) {
      Lane lane = VectorRel.lanes(probe.getRowType()).get(probeKeys[k]);
      if (nullsMatch[k] || lane == Lane.BOOLEAN) {
        continue;
      }
      VectorPlan.FilterRoute route = route(probe, probeKeys[k], k, lane, new ArrayList<>());
      if (route != null) {
        routes.add(route);
      }
    }
    return routes;
  }

  private static VectorPlan.FilterRoute route(
      RelNode rel, int column, int key, Lane lane, List<Integer> path) {
    if (rel instanceof VectorCalc calc) {
      RexProgram program = calc.getProgram();
      RexNode project = program.expandLocalRef(program.getProjectList().get(column));
      if (project instanceof RexInputRef ref) {
        path.add(0);
        return route(calc.getInput(), ref.getIndex(), key, lane, path);
      }
    } else if (rel instanceof VectorJoin join) {
      int leftWidth = join.getLeft().getRowType().getFieldCount();
      JoinRelType type = join.getJoinType();
      if (column < leftWidth && type != JoinRelType.RIGHT && type != JoinRelType.FULL) {
        path.add(0);
        return route(join.getLeft(), column, key, lane, path);
      } else if (column >= leftWidth && (type == JoinRelType.INNER || type == JoinRelType.RIGHT)) {
        path.add(1);
        return route(join.getRight(), column - leftWidth, key, lane, path);
      }
    } else if (rel instanceof VectorSort sort && sort.offset == null && sort.fetch == null) {
      path.add(0);
      return route(sort.getInput(), column, key, lane, path);
    } else if (rel instanceof VectorAggregate aggregate) {
      if (column < aggregate.getGroupCount()) {
        path.add(0);
        return route(aggregate.getInput(), aggregate.getGroupSet().nth(column), key, lane, path);
      }
    } else if (rel instanceof ShardToEnumerableConverter shards) {
      ShardPlan plan = shards.shardPlan();
      int scan = plan.scanColumnOf(column);
      if (scan >= 0 && plan.scanTypes().get(scan).lane() == lane) {
        return new VectorPlan.FilterRoute(
            key,
            path.stream().mapToInt(Integer::intValue).toArray(),
            scan,
            plan.scanColumns().get(scan),
            plan.source().describe());
      }
    }
    return null;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> shown = new ArrayList<>();
    int leftWidth = getLeft().getRowType().getFieldCount();
    for (VectorPlan.FilterRoute route : filterRoutes()) {
      shown.add(
          route.target()
              + "."
              + route.column()
              + " IN keys($"
              + (buildLeft ? leftKeys[route.key()] : leftWidth + rightKeys[route.key()])
              + ")");
    }
    return super.explainTerms(pw)
        .itemIf("build", "left", buildLeft)
        .itemIf("dynamicFilters", String.join(", ", shown), !shown.isEmpty());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return VectorRel.implement(this, implementor);
  }
}
