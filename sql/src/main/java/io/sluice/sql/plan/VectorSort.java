package io.sluice.sql.plan;

import io.sluice.sql.exec.vector.VectorPlan;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableLimitSort;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A sort, with an optional offset and fetch, run over vectorized rows ({@link VectorPlan.Sort}):
 * typed comparisons on the key columns instead of Calcite's comparator over boxed values. It
 * replaces Calcite's {@link EnumerableSort} (and {@link EnumerableLimitSort}) after planning when
 * the input is vectorized and the offset and fetch are literals.
 */
public final class VectorSort extends Sort implements VectorRel {

  private VectorSort(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RelCollation collation,
      @Nullable RexNode offset,
      @Nullable RexNode fetch) {
    super(cluster, traits, List.of(), input, collation, offset, fetch);
  }

  /**
   * @param sort a sort Calcite planned
   * @return the same sort vectorized, or null when its bounds are parameters or a type is not
   *     handled
   */
  static VectorSort of(Sort sort) {
    if (!literal(sort.offset) || !literal(sort.fetch)) {
      return null;
    }
    try {
      VectorRel.lanes(sort.getRowType());
      VectorRel.fields(sort.getRowType());
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
    for (RelFieldCollation field : sort.getCollation().getFieldCollations()) {
      if (field.direction != RelFieldCollation.Direction.ASCENDING
          && field.direction != RelFieldCollation.Direction.DESCENDING) {
        return null;
      }
    }
    return new VectorSort(
        sort.getCluster(),
        sort.getTraitSet(),
        sort.getInput(),
        sort.getCollation(),
        sort.offset,
        sort.fetch);
  }

  private static boolean literal(@Nullable RexNode bound) {
    return bound == null || bound instanceof RexLiteral;
  }

  private static long value(@Nullable RexNode bound, long absent) {
    if (bound == null) {
      return absent;
    }
    BigDecimal value = ((RexLiteral) bound).getValueAs(BigDecimal.class);
    return value == null ? absent : value.longValueExact();
  }

  @Override
  public Sort copy(
      RelTraitSet traitSet,
      RelNode newInput,
      RelCollation newCollation,
      @Nullable RexNode offset,
      @Nullable RexNode fetch) {
    return new VectorSort(getCluster(), traitSet, newInput, newCollation, offset, fetch);
  }

  @Override
  public VectorPlan vectorPlan(Inputs inputs) {
    List<RelFieldCollation> fields = collation.getFieldCollations();
    int[] keys = new int[fields.size()];
    boolean[] descending = new boolean[fields.size()];
    boolean[] nullsFirst = new boolean[fields.size()];
    for (int k = 0; k < keys.length; k++) {
      RelFieldCollation field = fields.get(k);
      keys[k] = field.getFieldIndex();
      descending[k] = field.direction == RelFieldCollation.Direction.DESCENDING;
      RelFieldCollation.NullDirection nulls =
          field.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
              ? field.direction.defaultNullDirection()
              : field.nullDirection;
      nullsFirst[k] = nulls == RelFieldCollation.NullDirection.FIRST;
    }
    return new VectorPlan.Sort(
        inputs.of(this, 0),
        keys,
        descending,
        nullsFirst,
        value(offset, 0),
        value(fetch, -1),
        VectorRel.lanes(getRowType()));
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return VectorRel.implement(this, implementor);
  }
}
