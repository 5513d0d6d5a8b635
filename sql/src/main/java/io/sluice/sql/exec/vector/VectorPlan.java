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
      List<Lane> lanes)
      implements VectorPlan {
    @Override
    public BatchStream open(VectorExecution execution) {
      return new HashJoinStream(this, execution);
    }

    @Override
    public String toString() {
      return "Join["
          + type
          + " "
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
