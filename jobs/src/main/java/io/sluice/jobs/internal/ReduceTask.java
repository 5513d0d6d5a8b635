package io.sluice.jobs.internal;

import io.sluice.jobs.TaskState;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.Table;
import io.sluice.udf.AggregateStates;
import io.sluice.udf.UdfSession;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One reduce task: reads its partition (one shard of the shuffle table), folds every row into its
 * key's aggregate state, merging partial states when the shards combined, and writes one output row
 * per key into the job's staging output table, whose shard for the partition it fills.
 *
 * <p>All the keys of a partition are held at once, each with its state in the task's sandbox: a
 * partition with more keys than the sandbox's memory holds fails with the memory limit named; more
 * partitions or a larger limit fix it.
 */
final class ReduceTask implements Runnable {
  private final Table shuffle;
  private final int partition;
  private final JobPlan plan;
  private final ResolvedFunction reduce;
  private final Table output;
  private final BufferAllocator allocator;
  private final TaskCounters counters;
  private final TaskControl control;

  ReduceTask(
      Table shuffle,
      int partition,
      JobPlan plan,
      ResolvedFunction reduce,
      Table output,
      BufferAllocator allocator,
      TaskCounters counters,
      TaskControl control) {
    this.shuffle = shuffle;
    this.partition = partition;
    this.plan = plan;
    this.reduce = reduce;
    this.output = output;
    this.allocator = allocator;
    this.counters = counters;
    this.control = control;
  }

  @Override
  public void run() {
    counters.state(TaskState.RUNNING);
    try (UdfSession session = reduce.function().session();
        AggregateStates states = session.aggregate();
        KeyGroups keys = new KeyGroups(plan.keyField(), allocator);
        TableWriter writer = new TableWriter(output, bytes -> {});
        ScanCursor cursor = shuffle.scanShard(partition, ScanSpec.all(), allocator)) {
      while (cursor.next()) {
        control.checkContinue();
        VectorSchemaRoot batch = cursor.batch();
        int rows = batch.getRowCount();
        int[] groups = keys.assign(batch.getVector(0), rows);
        FieldVector shuffled = batch.getVector(1);
        if (plan.combine() == JobPlan.Combine.PARTIAL_STATES) {
          states.merge((VarBinaryVector) shuffled, groups);
        } else {
          states.update(List.of(shuffled), rows, groups);
        }
        counters.read(rows);
      }
      int groups = keys.size();
      if (groups == 0) {
        return;
      }
      control.checkContinue();
      FieldVector results = states.finish(allocator);
      FieldVector renamed;
      try {
        renamed = Vectors.moveAs(results, plan.resultField(), allocator);
      } finally {
        results.close();
      }
      writer.add(keys.takeKeys(), renamed, groups);
      writer.flush();
      counters.wrote(groups);
    }
  }
}
