package io.sluice.sql.plan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * How Sluice plans joins: Calcite's standard program, with three changes that decide how fast a
 * many-way join runs.
 *
 * <ol>
 *   <li>Factors common to every branch of an OR are pulled out of filter conditions, so that {@code
 *       (a.k = b.k AND x) OR (a.k = b.k AND y)} becomes an equi-join on {@code a.k = b.k} with a
 *       residual {@code x OR y}, not a filtered cross product (TPC-H Q19).
 *   <li>From an OR spanning both sides of an inner join, each side gets the OR of its own parts of
 *       each branch, an implied filter pushed down to that side's scan (TPC-H Q7: {@code (n1 =
 *       'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE')} lets each nation scan
 *       keep two rows).
 *   <li>Every query with two joins or more has its join order chosen by a heuristic over row counts
 *       (Calcite's {@code LoptOptimizeJoinRule}), instead of the exhaustive commute/associate
 *       search Calcite uses below six joins, whose planning time grows exponentially with the join
 *       count.
 * </ol>
 */
public final class JoinPlanning {
  /** Below this many joins the cost-based planner may still reorder them itself. */
  private static final int HEURISTIC_JOIN_COUNT = 2;

  private JoinPlanning() {}

  /**
   * The program that turns a validated query into a physical plan.
   *
   * @param vectorize whether joins, aggregates and calcs on the coordinator become vectorized
   *     operators where they can
   * @return the program, ending with Sluice's vectorized operators and coordinator calcs
   */
  public static Program program(boolean vectorize) {
    RelMetadataProvider metadata = SluiceMetadata.PROVIDER;
    Program pushFilters =
        Programs.of(
            new HepProgramBuilder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleCollection(
                    List.of(
                        FactorDisjunctions.INSTANCE,
                        CoreRules.FILTER_INTO_JOIN,
                        CoreRules.JOIN_CONDITION_PUSH,
                        CoreRules.FILTER_MERGE,
                        CoreRules.FILTER_PROJECT_TRANSPOSE))
                .build(),
            true,
            metadata);
    Program deriveSideFilters =
        (planner, rel, traits, materializations, lattices) -> SideFilters.derive(rel);
    Program volcano =
        (planner, rel, traits, materializations, lattices) ->
            joinOrder(planner.getRules(), RelOptUtil.countJoins(rel), metadata)
                .run(planner, rel, traits, materializations, lattices);
    return Programs.sequence(
        Programs.subQuery(metadata),
        Programs.decorrelate(),
        Programs.measure(metadata),
        Programs.trim(),
        pushFilters,
        deriveSideFilters,
        pushFilters,
        volcano,
        Programs.calc(metadata),
        vectorize ? Vectorize.PROGRAM : Programs.sequence(),
        CoordinatorCalc.PROGRAM);
  }

  /**
   * Calcite's {@code Programs.heuristicJoinOrder}, with Sluice's metadata: from {@value
   * #HEURISTIC_JOIN_COUNT} joins up, the joins become one {@code MultiJoin} ordered by {@code
   * LoptOptimizeJoinRule} from estimated row counts, and the cost-based planner may not reorder
   * them again.
   */
  private static Program joinOrder(
      List<RelOptRule> rules, int joins, RelMetadataProvider metadata) {
    if (joins < HEURISTIC_JOIN_COUNT) {
      return Programs.ofRules(rules);
    }
    Program multiJoin =
        Programs.of(
            new HepProgramBuilder()
                .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                .build(),
            false,
            metadata);
    List<RelOptRule> ordering = new ArrayList<>(rules);
    ordering.removeAll(
        List.of(
            CoreRules.JOIN_COMMUTE,
            CoreRules.JOIN_ASSOCIATE,
            JoinPushThroughJoinRule.LEFT,
            JoinPushThroughJoinRule.RIGHT));
    ordering.add(CoreRules.MULTI_JOIN_OPTIMIZE);
    return Programs.sequence(multiJoin, Programs.ofRules(ordering));
  }

  /** Pulls the factors every branch of an OR shares out of a filter's condition. */
  static final class FactorDisjunctions extends RelOptRule {
    static final FactorDisjunctions INSTANCE = new FactorDisjunctions();

    private FactorDisjunctions() {
      super(operand(LogicalFilter.class, any()), "FactorDisjunctions");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      RexNode condition = filter.getCondition();
      if (!containsOr(condition)) {
        return;
      }
      RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
      RexNode factored = RexUtil.pullFactors(rexBuilder, condition);
      if (!factored.equals(condition)) {
        call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), factored));
      }
    }

    private static boolean containsOr(RexNode condition) {
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        if (conjunct.getKind() == SqlKind.OR) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Adds to each side of every inner join the filters its condition's ORs imply for that side. A
   * single pass over the plan (not a rule), so a derived filter is never derived again.
   */
  static final class SideFilters {
    /** What a derived filter may contain: cheap, total operations that cannot fail on any row. */
    private static final Set<SqlKind> SAFE =
        EnumSet.of(
            SqlKind.AND,
            SqlKind.OR,
            SqlKind.NOT,
            SqlKind.EQUALS,
            SqlKind.NOT_EQUALS,
            SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL,
            SqlKind.SEARCH,
            SqlKind.IS_NULL,
            SqlKind.IS_NOT_NULL,
            SqlKind.IS_TRUE,
            SqlKind.IS_FALSE,
            SqlKind.LIKE);

    private SideFilters() {}

    static RelNode derive(RelNode node) {
      List<RelNode> inputs = new ArrayList<>();
      boolean changed = false;
      for (RelNode input : node.getInputs()) {
        RelNode derived = derive(input);
        inputs.add(derived);
        changed |= derived != input;
      }
      RelNode result = changed ? node.copy(node.getTraitSet(), inputs) : node;
      if (result instanceof LogicalJoin join && join.getJoinType() == JoinRelType.INNER) {
        return withSideFilters(join);
      }
      return result;
    }

    private static RelNode withSideFilters(LogicalJoin join) {
      int leftCount = join.getLeft().getRowType().getFieldCount();
      int total = join.getRowType().getFieldCount();
      ImmutableBitSet leftFields = ImmutableBitSet.range(0, leftCount);
      ImmutableBitSet rightFields = ImmutableBitSet.range(leftCount, total);
      RexBuilder rexBuilder = join.getCluster().getRexBuilder();
      Set<RexNode> left = new LinkedHashSet<>();
      Set<RexNode> right = new LinkedHashSet<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
        if (conjunct.getKind() != SqlKind.OR) {
          continue;
        }
        RexNode onLeft = implied(rexBuilder, conjunct, leftFields);
        if (onLeft != null) {
          left.add(onLeft);
        }
        RexNode onRight = implied(rexBuilder, conjunct, rightFields);
        if (onRight != null) {
          right.add(RexUtil.shift(onRight, -leftCount));
        }
      }
      if (left.isEmpty() && right.isEmpty()) {
        return join;
      }
      RelNode newLeft = filtered(rexBuilder, join.getLeft(), left);
      RelNode newRight = filtered(rexBuilder, join.getRight(), right);
      return join.copy(
          join.getTraitSet(),
          join.getCondition(),
          newLeft,
          newRight,
          join.getJoinType(),
          join.isSemiJoinDone());
    }

    private static RelNode filtered(RexBuilder rexBuilder, RelNode input, Set<RexNode> filters) {
      if (filters.isEmpty()) {
        return input;
      }
      return LogicalFilter.create(input, RexUtil.composeConjunction(rexBuilder, filters));
    }

    /**
     * The OR of each branch's conjuncts on the given fields only, or null when some branch has none
     * (then the OR implies nothing on those fields).
     */
    private static RexNode implied(RexBuilder rexBuilder, RexNode or, ImmutableBitSet fields) {
      List<RexNode> branches = new ArrayList<>();
      for (RexNode branch : RelOptUtil.disjunctions(or)) {
        List<RexNode> parts = new ArrayList<>();
        for (RexNode part : RelOptUtil.conjunctions(branch)) {
          ImmutableBitSet used = RelOptUtil.InputFinder.bits(part);
          if (!used.isEmpty() && fields.contains(used) && safe(part)) {
            parts.add(part);
          }
        }
        if (parts.isEmpty()) {
          return null;
        }
        branches.add(RexUtil.composeConjunction(rexBuilder, parts));
      }
      return RexUtil.composeDisjunction(rexBuilder, branches);
    }

    private static boolean safe(RexNode node) {
      if (node instanceof RexInputRef || node instanceof RexLiteral) {
        return true;
      }
      if (node instanceof RexCall call && SAFE.contains(call.getKind())) {
        for (RexNode operand : call.getOperands()) {
          if (!safe(operand)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }
  }
}
