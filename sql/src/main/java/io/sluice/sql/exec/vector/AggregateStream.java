package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Accumulator;
import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Evaluator;
import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.PartialAggregate;
import java.util.List;

/**
 * Runs a {@link VectorPlan.Aggregate}: numbers each batch's group keys in a {@link KeyTable} and
 * updates every call's typed per-group state a column at a time; after the last batch, emits one
 * row per group.
 */
final class AggregateStream implements BatchStream {
  private final VectorPlan.Aggregate aggregate;
  private final BatchStream input;
  private final VectorExecution execution;
  private final KeyTable table;
  private final State[] states;
  private boolean done;

  AggregateStream(VectorPlan.Aggregate aggregate, VectorExecution execution) {
    this.aggregate = aggregate;
    this.execution = execution;
    this.input = aggregate.input().open(execution);
    int[] keys = aggregate.groupKeys();
    Lane[] lanes = new Lane[keys.length];
    for (int k = 0; k < keys.length; k++) {
      lanes[k] = aggregate.input().lanes().get(keys[k]);
    }
    this.table = keys.length == 0 ? null : new KeyTable(lanes);
    List<VectorPlan.AggregateCall> calls = aggregate.calls();
    this.states = new State[calls.size()];
    for (int c = 0; c < states.length; c++) {
      states[c] = State.of(calls.get(c));
    }
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    int[] keys = aggregate.groupKeys();
    int groups = keys.length == 0 ? 1 : 0;
    for (Batch batch; (batch = input.next()) != null; ) {
      execution.checkCancelled();
      int rows = batch.rows();
      int[] ids;
      if (table == null) {
        ids = new int[rows];
      } else {
        Column[] keyColumns = new Column[keys.length];
        for (int k = 0; k < keys.length; k++) {
          keyColumns[k] = batch.columns()[keys[k]];
        }
        ids = table.assign(keyColumns, rows);
        groups = table.size();
      }
      for (int c = 0; c < states.length; c++) {
        int argument = aggregate.calls().get(c).argument();
        states[c].update(ids, groups, argument < 0 ? null : batch.columns()[argument], rows);
      }
    }
    if (groups == 0) {
      return null;
    }
    Column[] out = new Column[keys.length + states.length];
    for (int k = 0; k < keys.length; k++) {
      out[k] = table.keyColumn(k);
    }
    for (int c = 0; c < states.length; c++) {
      out[keys.length + c] = states[c].result(groups);
    }
    return new Batch(out, groups);
  }

  @Override
  public BatchStream input(int ordinal) {
    return ordinal == 0 ? input : null;
  }

  @Override
  public void close() {
    input.close();
  }

  /** One call's per-group state. */
  private abstract static class State {
    abstract void update(int[] groups, int groupCount, Column input, int rows);

    abstract Column result(int groupCount);

    static State of(VectorPlan.AggregateCall call) {
      Lane lane = call.argumentLane();
      return switch (call.function()) {
        case COUNT_STAR -> new Built(Accumulator.of(PartialAggregate.Kind.COUNT_STAR, Lane.LONG));
        case COUNT -> new Built(Accumulator.of(PartialAggregate.Kind.COUNT, lane));
        case SUM -> new Sum(Accumulator.of(PartialAggregate.Kind.SUM, lane), call.outputType());
        case SUM0 -> new Sum(Accumulator.of(PartialAggregate.Kind.SUM0, lane), call.outputType());
        case MIN -> new Built(Accumulator.of(PartialAggregate.Kind.MIN, lane));
        case MAX, ANY_VALUE -> new Built(Accumulator.of(PartialAggregate.Kind.MAX, lane));
        case AVG -> new Average(lane);
        case SINGLE_VALUE -> new SingleValue(lane);
      };
    }
  }

  /** A built-in accumulator, as the shards' partial aggregates use. */
  private static class Built extends State {
    private final Accumulator accumulator;

    Built(Accumulator accumulator) {
      this.accumulator = accumulator;
    }

    @Override
    void update(int[] groups, int groupCount, Column input, int rows) {
      accumulator.update(groups, groupCount, input, rows);
    }

    @Override
    Column result(int groupCount) {
      return accumulator.result(groupCount);
    }
  }

  /**
   * SUM of integers narrower than BIGINT: the 64-bit sum wrapped to the result type's width, as
   * Calcite's Java arithmetic on that type wraps (the evaluator's arithmetic wraps the same way).
   */
  private static final class Sum extends Built {
    private final ExprType type;

    Sum(Accumulator accumulator, ExprType type) {
      super(accumulator);
      this.type = type;
    }

    @Override
    Column result(int groupCount) {
      Column result = super.result(groupCount);
      return result instanceof Column.Longs longs
          ? Evaluator.wrap(longs.values.clone(), longs.nulls, type)
          : result;
    }
  }

  /** AVG: a sum and a count; integers divide as Calcite's integer AVG does (truncating). */
  private static final class Average extends State {
    private final Lane lane;
    private final Accumulator sum;
    private final Accumulator count;

    Average(Lane lane) {
      this.lane = lane;
      this.sum = Accumulator.of(PartialAggregate.Kind.SUM0, lane);
      this.count = Accumulator.of(PartialAggregate.Kind.COUNT, lane);
    }

    @Override
    void update(int[] groups, int groupCount, Column input, int rows) {
      sum.update(groups, groupCount, input, rows);
      count.update(groups, groupCount, input, rows);
    }

    @Override
    Column result(int groupCount) {
      long[] counts = ((Column.Longs) count.result(groupCount)).values;
      boolean[] nulls = new boolean[groupCount];
      boolean anyNull = false;
      for (int g = 0; g < groupCount; g++) {
        nulls[g] = counts[g] == 0;
        anyNull |= nulls[g];
      }
      Column sums = sum.result(groupCount);
      if (lane == Lane.LONG) {
        long[] values = ((Column.Longs) sums).values.clone();
        for (int g = 0; g < groupCount; g++) {
          values[g] = counts[g] == 0 ? 0 : values[g] / counts[g];
        }
        return new Column.Longs(values, anyNull ? nulls : null);
      }
      double[] values = ((Column.Doubles) sums).values.clone();
      for (int g = 0; g < groupCount; g++) {
        values[g] = counts[g] == 0 ? 0 : values[g] / counts[g];
      }
      return new Column.Doubles(values, anyNull ? nulls : null);
    }
  }

  /** A scalar subquery's value: the group's only value, or an error when it has several rows. */
  private static final class SingleValue extends State {
    private final Accumulator value;
    private final Accumulator rows = Accumulator.of(PartialAggregate.Kind.COUNT_STAR, Lane.LONG);

    SingleValue(Lane lane) {
      this.value = Accumulator.of(PartialAggregate.Kind.MAX, lane);
    }

    @Override
    void update(int[] groups, int groupCount, Column input, int count) {
      rows.update(groups, groupCount, input, count);
      value.update(groups, groupCount, input, count);
    }

    @Override
    Column result(int groupCount) {
      long[] counts = ((Column.Longs) rows.result(groupCount)).values;
      for (long count : counts) {
        if (count > 1) {
          throw new IllegalStateException(
              "a scalar subquery returned more than one row (more than one value in agg"
                  + " SINGLE_VALUE)");
        }
      }
      return value.result(groupCount);
    }
  }
}
