package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.CalcPlan;
import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.ShardPlan;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A tree of the coordinator's vectorized operators, made once when a statement is planned and
 * opened for each run. Its leaves are shard fragments, whose batches it reads as they are, and row
 * inputs: Calcite operators that are not vectorized, whose rows it gathers into batches.
 */
public sealed interface VectorPlan {

  /**
   * @param execution the run
   * @return the operator's output; nothing runs until its first batch is asked for
   */
  BatchStream open(VectorExecution execution);

  /**
   * @return the lane of each output column
   */
  List<Lane> lanes();

  /**
   * The batches of a shard fragment, run on every shard in parallel.
   *
   * @param plan the fragment
   * @param lanes its output lanes
   */
  record Shard(ShardPlan plan, List<Lane> lanes) implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new ShardStream(plan, execution);
    }
  }

  /**
   * The rows of a Calcite operator that is not vectorized, gathered into batches.
   *
   * @param input the index of the row input
   * @param fields the fields of its rows
   * @param lanes their lanes
   */
  record Rows(int input, List<Field> fields, List<Lane> lanes) implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new RowStream(execution.input(input), fields, execution);
    }
  }

  /**
   * A filter and projection by the shard evaluator; wasm calls run once per batch.
   *
   * @param input the rows to compute over
   * @param calc what to compute
   * @param lanes the output lanes
   */
  record Calc(VectorPlan input, CalcPlan calc, List<Lane> lanes) implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new CalcStream(input.open(execution), calc, execution);
    }
  }

  /**
   * A hash join: builds a table of the right input's keys, streams the left input through it.
   *
   * @param left the probe side
   * @param right the build side
   * @param leftKeys the left key columns
   * @param rightKeys the right key columns, pairwise equal to the left ones
   * @param nullsMatch per key, whether NULL equals NULL ({@code IS NOT DISTINCT FROM})
   * @param type INNER, LEFT, RIGHT, FULL, SEMI or ANTI
   * @param condition what else a pair of rows must meet, over left then right columns; or null
   * @param filters where the build side's keys go as dynamic filters, once it is built
   * @param buildLeft whether the left input is built and the right one probed (inner, left, semi
   *     and anti joins: the smaller input is built)
   * @param lanes the output lanes
   */
  record Join(
      VectorPlan left,
      VectorPlan right,
      int[] leftKeys,
      int[] rightKeys,
      boolean[] nullsMatch,
      JoinType type,
      ShardExpression condition,
      List<FilterRoute> filters,
      boolean buildLeft,
      List<Lane> lanes)
      implements VectorPlan {
    /**
     * @param left the probe side
     * @param right the build side
     * @param leftKeys the left key columns
     * @param rightKeys the right key columns, pairwise equal to the left ones
     * @param nullsMatch per key, whether NULL equals NULL
     * @param type the join type
     * @param condition the residual condition, or null
     * @param filters where dynamic filters go
     * @param buildLeft whether the left input is built
     * @param lanes the output lanes
     */
    public Join {
      filters = List.copyOf(filters);
      if (buildLeft && (type == JoinType.RIGHT || type == JoinType.FULL)) {
        throw new IllegalArgumentException("a " + type + " join cannot build its left input");
      }
    }

    @Override
    public BatchStream open(VectorExecution execution) {
      return new HashJoinStream(this, execution);
    }

    @Override
    public String toString() {
      return "Join["
          + type
          + (buildLeft ? " build left " : " ")
          + Arrays.toString(leftKeys)
          + "="
          + Arrays.toString(rightKeys)
          + (condition == null ? "" : " " + condition)
          + ", "
          + left
          + ", "
          + right
          + "]";
    }
  }

  /**
   * Where a hash join sends the distinct values of one of its build keys: down the probe side,
   * through operators that pass the key column through unchanged, to a shard fragment that scans
   * it. The fragment's shards then drop rows whose key cannot match before they send them.
   *
   * @param key which of the join's keys (an index into its key arrays)
   * @param path the input ordinals from the join's probe input down to the fragment (0 for the left
   *     or only input of a join, calc or aggregate; 1 for the right input of a join)
   * @param scanColumn the fragment's scan column that carries the key
   * @param column that column's name, for its key range's chunk-pruning predicate
   * @param target the table or files the fragment scans, for EXPLAIN
   */
  record FilterRoute(int key, int[] path, int scanColumn, String column, String target) {
    @Override
    public String toString() {
      return "$" + key + " -> " + target + "." + column;
    }
  }

  /**
   * A hash aggregate: one output row per distinct group key (exactly one without keys).
   *
   * @param input the rows to aggregate
   * @param groupKeys the input columns grouped by
   * @param calls the aggregate calls, whose results follow the keys
   * @param lanes the output lanes
   */
  record Aggregate(VectorPlan input, int[] groupKeys, List<AggregateCall> calls, List<Lane> lanes)
      implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new AggregateStream(this, execution);
    }
  }

  /**
   * A sort of the whole input, then an optional offset and fetch (ORDER BY ... LIMIT).
   *
   * @param input the rows to sort
   * @param keys the sort key columns, most significant first
   * @param descending per key, whether it sorts descending
   * @param nullsFirst per key, whether NULLs come before the other values
   * @param offset rows to skip
   * @param fetch most rows to emit after the offset, or -1 for all
   * @param lanes the output lanes (the input's)
   */
  record Sort(
      VectorPlan input,
      int[] keys,
      boolean[] descending,
      boolean[] nullsFirst,
      long offset,
      long fetch,
      List<Lane> lanes)
      implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new SortStream(this, execution);
    }
  }

  /**
   * One aggregate call of an {@link Aggregate}.
   *
   * @param function what it computes
   * @param argument the input column it reads, or -1 (COUNT(*))
   * @param argumentLane the lane of that column
   * @param outputType the type of its result
   */
  record AggregateCall(
      AggregateFunction function, int argument, Lane argumentLane, ExprType outputType) {}

  /** The aggregate functions the vectorized aggregate computes. */
  enum AggregateFunction {
    /** COUNT(*). */
    COUNT_STAR,
    /** COUNT(x). */
    COUNT,
    /** SUM(x), NULL without values. */
    SUM,
    /** $SUM0(x), 0 without values. */
    SUM0,
    /** MIN(x). */
    MIN,
    /** MAX(x). */
    MAX,
    /** AVG(x) of integers (truncated, as Calcite does) or doubles. */
    AVG,
    /** ANY_VALUE(x). */
    ANY_VALUE,
    /** The value of a scalar subquery: an error when a group has more than one row. */
    SINGLE_VALUE
  }

  /** The join types the vectorized hash join runs. */
  enum JoinType {
    /** Pairs of matching rows. */
    INNER,
    /** Also left rows without a match, with NULLs on the right. */
    LEFT,
    /** Also right rows without a match, with NULLs on the left. */
    RIGHT,
    /** Both of the above. */
    FULL,
    /** Left rows with at least one match (IN, EXISTS). */
    SEMI,
    /** Left rows without any match (NOT EXISTS). */
    ANTI;

    boolean keepsUnmatchedLeft() {
      return this == LEFT || this == FULL;
    }

    boolean keepsUnmatchedRight() {
      return this == RIGHT || this == FULL;
    }

    boolean projectsRight() {
      return this != SEMI && this != ANTI;
    }
  }
}
