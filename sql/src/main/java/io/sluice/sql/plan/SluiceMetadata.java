package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceTable;
import io.sluice.sql.stats.ColumnStatistics;
import io.sluice.sql.stats.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.CyclicMetadataException;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdDistinctRowCount;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The planner's estimates from Sluice's statistics: distinct values of stored columns from the
 * sketches {@code ANALYZE} and bulk loads keep, and the selectivity of an equi-join from them
 * ({@code 1 / max(distinct left keys, distinct right keys)}, the textbook estimate, with all keys
 * of a join counted together), where Calcite guesses 15% for any join condition. Everything else is
 * Calcite's.
 */
public final class SluiceMetadata {
  /** Sluice's handlers first, then Calcite's defaults. */
  public static final RelMetadataProvider PROVIDER =
      ChainedRelMetadataProvider.of(
          List.of(
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new DistinctRows(),
                  org.apache.calcite.rel.metadata.BuiltInMetadata.DistinctRowCount.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new JoinSelectivity(),
                  org.apache.calcite.rel.metadata.BuiltInMetadata.Selectivity.Handler.class),
              DefaultRelMetadataProvider.INSTANCE));

  private SluiceMetadata() {}

  /** Distinct values of a stored table's columns, from its statistics. */
  public static final class DistinctRows extends RelMdDistinctRowCount {
    DistinctRows() {}

    @Override
    public @Nullable Double getDistinctRowCount(
        TableScan scan,
        RelMetadataQuery mq,
        ImmutableBitSet groupKey,
        @Nullable RexNode predicate) {
      Double estimate = fromStatistics(scan, groupKey);
      if (estimate == null) {
        return super.getDistinctRowCount(scan, mq, groupKey, predicate);
      }
      if (predicate == null || predicate.isAlwaysTrue()) {
        return estimate;
      }
      Double rows = mq.getRowCount(scan);
      Double selectivity = mq.getSelectivity(scan, predicate);
      if (rows == null || selectivity == null) {
        return estimate;
      }
      return RelMdUtil.numDistinctVals(estimate, rows * selectivity);
    }

    /**
     * A subset's best plan, or while it has none (join ordering runs before any is chosen), the
     * first of its plans that has an estimate: Calcite answers null there, and every join would
     * look alike.
     */
    @Override
    public @Nullable Double getDistinctRowCount(
        RelSubset subset,
        RelMetadataQuery mq,
        ImmutableBitSet groupKey,
        @Nullable RexNode predicate) {
      Double best = super.getDistinctRowCount(subset, mq, groupKey, predicate);
      if (best != null) {
        return best;
      }
      for (RelNode rel : subset.getRelList()) {
        try {
          Double estimate = mq.getDistinctRowCount(rel, groupKey, predicate);
          if (estimate != null) {
            return estimate;
          }
        } catch (CyclicMetadataException e) {
          // this plan leads back to the subset; try the next
        }
      }
      return null;
    }

    /** What the shards send: their fragment's distinct values. */
    public @Nullable Double getDistinctRowCount(
        ShardToEnumerableConverter converter,
        RelMetadataQuery mq,
        ImmutableBitSet groupKey,
        @Nullable RexNode predicate) {
      return mq.getDistinctRowCount(converter.getInput(), groupKey, predicate);
    }

    /**
     * A shard aggregation's group key columns: as distinct as the input columns they carry (an
     * estimate for the partial results of all shards, which repeat a group at most once per shard).
     */
    public @Nullable Double getDistinctRowCount(
        ShardAggregate aggregate,
        RelMetadataQuery mq,
        ImmutableBitSet groupKey,
        @Nullable RexNode predicate) {
      int keys = aggregate.groupSet().cardinality();
      if (predicate != null || groupKey.isEmpty() || groupKey.length() > keys) {
        return null;
      }
      ImmutableBitSet.Builder input = ImmutableBitSet.builder();
      for (int column : groupKey) {
        input.set(aggregate.groupSet().nth(column));
      }
      return mq.getDistinctRowCount(aggregate.getInput(), input.build(), null);
    }

    private static @Nullable Double fromStatistics(TableScan scan, ImmutableBitSet groupKey) {
      SluiceTable table = scan.getTable().unwrap(SluiceTable.class);
      if (table == null || groupKey.isEmpty()) {
        return null;
      }
      Optional<TableStatistics> statistics = table.engine().statistics().find(table.name());
      if (statistics.isEmpty()) {
        return null;
      }
      double rows = Math.max(1, table.engine().estimatedRowCount(table.name()));
      List<RelDataTypeField> fields = scan.getRowType().getFieldList();
      double product = 1;
      for (int column : groupKey) {
        if (column >= fields.size()) {
          return null;
        }
        Optional<ColumnStatistics> stats = statistics.get().column(fields.get(column).getName());
        if (stats.isEmpty()) {
          return null;
        }
        product *= Math.max(1, stats.get().distinct());
      }
      return Math.min(product, rows);
    }
  }

  /** An equi-join's selectivity from its keys' distinct counts. */
  public static final class JoinSelectivity extends RelMdSelectivity {
    JoinSelectivity() {}

    @Override
    public @Nullable Double getSelectivity(
        Join join, RelMetadataQuery mq, @Nullable RexNode predicate) {
      if (predicate == null
          || join.getJoinType() == JoinRelType.SEMI
          || join.getJoinType() == JoinRelType.ANTI) {
        return super.getSelectivity(join, mq, predicate);
      }
      int leftCount = join.getLeft().getRowType().getFieldCount();
      // Keys compared together are estimated together: (l_partkey, l_suppkey) = (ps_partkey,
      // ps_suppkey) matches one partsupp row per lineitem, where multiplying each key's
      // selectivity would expect almost none.
      ImmutableBitSet.Builder leftKeys = ImmutableBitSet.builder();
      ImmutableBitSet.Builder rightKeys = ImmutableBitSet.builder();
      List<RexNode> keys = new ArrayList<>();
      double selectivity = 1;
      for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
        int[] key = equiKey(conjunct, leftCount);
        if (key != null) {
          leftKeys.set(key[0]);
          rightKeys.set(key[1] - leftCount);
          keys.add(conjunct);
        } else {
          selectivity *= RelMdUtil.guessSelectivity(conjunct);
        }
      }
      ImmutableBitSet left = leftKeys.build();
      if (left.isEmpty()) {
        return selectivity;
      }
      Double leftDistinct = mq.getDistinctRowCount(join.getLeft(), left, null);
      Double rightDistinct = mq.getDistinctRowCount(join.getRight(), rightKeys.build(), null);
      if (leftDistinct == null && rightDistinct == null) {
        for (RexNode key : keys) {
          selectivity *= RelMdUtil.guessSelectivity(key);
        }
        return selectivity;
      }
      double distinct =
          Math.max(
              leftDistinct == null ? 1 : leftDistinct, rightDistinct == null ? 1 : rightDistinct);
      return selectivity / Math.max(1, distinct);
    }

    /** For {@code left.a = right.b}: {a, b} as join field indexes, or null for anything else. */
    private static int @Nullable [] equiKey(RexNode conjunct, int leftCount) {
      if (conjunct.getKind() != SqlKind.EQUALS
          && conjunct.getKind() != SqlKind.IS_NOT_DISTINCT_FROM) {
        return null;
      }
      List<RexNode> operands = ((RexCall) conjunct).getOperands();
      if (!(operands.get(0) instanceof RexInputRef a)
          || !(operands.get(1) instanceof RexInputRef b)) {
        return null;
      }
      int left = Math.min(a.getIndex(), b.getIndex());
      int right = Math.max(a.getIndex(), b.getIndex());
      if (left >= leftCount || right < leftCount) {
        return null;
      }
      return new int[] {left, right};
    }
  }
}
