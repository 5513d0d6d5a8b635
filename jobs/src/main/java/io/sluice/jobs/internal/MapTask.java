package io.sluice.jobs.internal;

import io.sluice.jobs.TaskState;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.Table;
import io.sluice.udf.UdfSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One map task: scans one shard of the input on its own thread, next to the data, calls the map
 * function on every batch (in slices, so that one call's input and output stay well inside the
 * sandbox's memory), combines per key if the job says so, and appends (key, value) rows, or
 * combined rows, to the shuffle table, whose shards are the reduce partitions.
 */
final class MapTask implements Runnable {
  /** Input rows per map call. */
  static final int ROWS_PER_CALL = 8192;

  private final Table input;
  private final int shard;
  private final JobPlan plan;
  private final ResolvedFunction map;
  private final ResolvedFunction combine;
  private final Table shuffle;
  private final BufferAllocator allocator;
  private final TaskCounters counters;
  private final TaskControl control;

  MapTask(
      Table input,
      int shard,
      JobPlan plan,
      ResolvedFunction map,
      ResolvedFunction combine,
      Table shuffle,
      BufferAllocator allocator,
      TaskCounters counters,
      TaskControl control) {
    this.input = input;
    this.shard = shard;
    this.plan = plan;
    this.map = map;
    this.combine = combine;
    this.shuffle = shuffle;
    this.allocator = allocator;
    this.counters = counters;
    this.control = control;
  }

  @Override
  public void run() {
    counters.state(TaskState.RUNNING);
    ScanSpec spec = ScanSpec.builder().columns(plan.inputColumns()).build();
    try (UdfSession mapSession = map.function().session();
        UdfSession combineSession = combine == null ? null : combine.function().session();
        Combiner combiner =
            combineSession == null ? null : new Combiner(combineSession, plan, allocator);
        TableWriter writer = new TableWriter(shuffle, counters::shuffled);
        ScanCursor cursor = input.scanShard(shard, spec, allocator)) {
      while (cursor.next()) {
        VectorSchemaRoot batch = cursor.batch();
        for (int start = 0; start < batch.getRowCount(); start += ROWS_PER_CALL) {
          control.checkContinue();
          int rows = Math.min(ROWS_PER_CALL, batch.getRowCount() - start);
          try (VectorSchemaRoot slice = batch.slice(start, rows)) {
            mapSlice(mapSession, slice, combiner, writer);
          }
        }
      }
      if (combiner != null) {
        combiner.flush(writer);
      }
      writer.flush();
    }
  }

  private void mapSlice(
      UdfSession session, VectorSchemaRoot slice, Combiner combiner, TableWriter writer) {
    List<FieldVector> args = new ArrayList<>(plan.inputColumns().size());
    for (String column : plan.inputColumns()) {
      args.add(slice.getVector(column));
    }
    int rows = slice.getRowCount();
    try (VectorSchemaRoot out = session.table(args, rows, allocator)) {
      int produced = out.getRowCount();
      counters.read(rows);
      counters.wrote(produced);
      // Column 0 is the input row index of each output row; the job has no use for it.
      FieldVector key = out.getVector(1);
      FieldVector value = out.getVector(2);
      if (combiner != null) {
        combiner.add(key, value, produced, writer);
      } else if (produced > 0) {
        writer.add(
            Vectors.moveAs(key, plan.keyField(), allocator),
            Vectors.moveAs(value, plan.valueField(), allocator),
            produced);
      }
    }
  }

  /**
   * @return the shard this task maps
   */
  int shard() {
    return shard;
  }
}
