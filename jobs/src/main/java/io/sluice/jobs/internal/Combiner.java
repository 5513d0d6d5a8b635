package io.sluice.jobs.internal;

import io.sluice.udf.AggregateStates;
import io.sluice.udf.UdfSession;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Folds a map task's (key, value) rows into one aggregate state per key, inside the task's own
 * sandbox instance, and hands the combined rows to the shuffle: each key's serialized partial state
 * ({@link JobPlan.Combine#PARTIAL_STATES}) or its finished value ({@link JobPlan.Combine#VALUES}).
 *
 * <p>The states are flushed whenever {@value #MAX_GROUPS} keys are held, and at the end, so memory
 * stays bounded whatever the number of distinct keys; the reducer merges a key's partial results
 * from every flush and every shard. Not thread-safe.
 */
final class Combiner implements AutoCloseable {
  /** Keys held before the states are flushed to the shuffle. */
  static final int MAX_GROUPS = 1 << 16;

  private final UdfSession session;
  private final JobPlan plan;
  private final BufferAllocator allocator;
  private final KeyGroups keys;
  private AggregateStates states;

  Combiner(UdfSession session, JobPlan plan, BufferAllocator allocator) {
    this.session = session;
    this.plan = plan;
    this.allocator = allocator;
    this.keys = new KeyGroups(plan.keyField(), allocator);
    this.states = session.aggregate();
  }

  /**
   * Folds a batch of map output into the states.
   *
   * @param key the key column
   * @param value the value column
   * @param rows rows of both
   * @param shuffle where the states go when too many keys are held
   */
  void add(FieldVector key, FieldVector value, int rows, TableWriter shuffle) {
    int[] groups = keys.assign(key, rows);
    states.update(List.of(value), rows, groups);
    if (keys.size() >= MAX_GROUPS) {
      flush(shuffle);
    }
  }

  /**
   * Writes one row per key held (serialized state or finished value) and starts afresh.
   *
   * @param shuffle where the rows go
   */
  void flush(TableWriter shuffle) {
    int groups = keys.size();
    if (groups == 0) {
      return;
    }
    FieldVector combined =
        plan.combine() == JobPlan.Combine.PARTIAL_STATES
            ? states.serialize(allocator)
            : states.finish(allocator);
    FieldVector renamed;
    try {
      renamed = Vectors.moveAs(combined, plan.shuffledField(), allocator);
    } finally {
      combined.close();
    }
    FieldVector keyColumn = keys.takeKeys();
    shuffle.add(keyColumn, renamed, groups);
    states.close();
    states = session.aggregate();
  }

  @Override
  public void close() {
    try {
      states.close();
    } finally {
      keys.close();
    }
  }
}
