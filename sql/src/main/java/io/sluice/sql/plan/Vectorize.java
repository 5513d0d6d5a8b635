package io.sluice.sql.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableLimitSort;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.tools.Program;

/**
 * Replaces, bottom up, the coordinator operators of a finished plan that have a vectorized
 * equivalent: hash joins ({@link VectorJoin}), aggregates ({@link VectorAggregate}), sorts over
 * them ({@link VectorSort}) and the calcs over them ({@link VectorCalc}). What stays an {@code
 * Enumerable*} operator in {@code EXPLAIN} is the row-at-a-time fallback: sorts of rows that are
 * not vectorized, limits without a sort, set operations, windows, nested-loop joins and correlates,
 * and any join, aggregate or calc whose types, calls or expressions the vectorized operators do not
 * handle.
 */
public final class Vectorize {
  /** The rewrite, as the last but one step of {@link JoinPlanning#program}. */
  public static final Program PROGRAM =
      (planner, rel, requiredOutputTraits, materializations, lattices) -> rewrite(rel);

  private Vectorize() {}

  static RelNode rewrite(RelNode rel) {
    return bottomUp(rel, Vectorize::replace);
  }

  /**
   * @param rel a finished plan
   * @param replace returns a node's replacement, or null to keep it
   * @return the plan with each node replaced, inputs first
   */
  static RelNode bottomUp(RelNode rel, Function<RelNode, RelNode> replace) {
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : rel.getInputs()) {
      RelNode rewritten = bottomUp(input, replace);
      changed |= rewritten != input;
      inputs.add(rewritten);
    }
    RelNode node = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
    RelNode replacement = replace.apply(node);
    return replacement == null ? node : replacement;
  }

  private static RelNode replace(RelNode node) {
    if (node instanceof EnumerableHashJoin join && !WasmCalls.any(join.getCondition())) {
      return VectorJoin.of(join);
    } else if (node instanceof EnumerableAggregate aggregate) {
      return VectorAggregate.of(aggregate);
    } else if (node instanceof EnumerableCalc calc && vectorizedInput(calc.getInput())) {
      return VectorCalc.of(calc);
    } else if ((node instanceof EnumerableSort || node instanceof EnumerableLimitSort)
        && vectorizedInput(node.getInput(0))) {
      return VectorSort.of((Sort) node);
    }
    return null;
  }

  private static boolean vectorizedInput(RelNode input) {
    return input instanceof VectorRel || input instanceof ShardToEnumerableConverter;
  }
}
