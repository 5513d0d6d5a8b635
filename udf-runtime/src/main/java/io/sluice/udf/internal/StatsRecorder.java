package io.sluice.udf.internal;

import io.sluice.udf.Compilation;
import io.sluice.udf.UdfStats;
import io.sluice.wasidata.CallMetrics;
import io.sluice.wasidata.CallStatistics;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link UdfStats}: updated by every thread calling a function, without locks,
 * and read as a snapshot.
 */
public final class StatsRecorder implements CallMetrics {

  private final String function;
  private final String moduleSha256;
  private final Compilation compilation;
  final LongAdder calls = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder rows = new LongAdder();
  final LongAdder guestNanos = new LongAdder();
  final LongAdder copyNanos = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAccumulator memoryHighWater = new LongAccumulator(Math::max, 0);
  final LongAdder poolHits = new LongAdder();
  final LongAdder poolMisses = new LongAdder();
  final LongAdder created = new LongAdder();
  final LongAdder discarded = new LongAdder();
  final LongAdder traps = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder errors = new LongAdder();

  /**
   * @param function the function's SQL name
   * @param moduleSha256 its module's hash
   * @param compilation how its module's code runs
   */
  public StatsRecorder(String function, String moduleSha256, Compilation compilation) {
    this.function = function;
    this.moduleSha256 = moduleSha256;
    this.compilation = compilation;
  }

  @Override
  public void record(CallStatistics call) {
    guestNanos.add(call.guestNanos());
    bytesIn.add(call.bytesIn());
    bytesOut.add(call.bytesOut());
    copyNanos.add(call.copyInNanos() + call.copyOutNanos());
  }

  /**
   * Counts one invocation through the Java API.
   *
   * @param batchCount input batches it hands to the guest (0 or 1)
   * @param rowCount input rows it hands to the guest
   */
  public void call(long batchCount, long rowCount) {
    calls.increment();
    batches.add(batchCount);
    rows.add(rowCount);
  }

  /** Records an instance's memory size. */
  void memory(long bytes) {
    memoryHighWater.accumulate(bytes);
  }

  /**
   * @return the counters now
   */
  public UdfStats snapshot() {
    return new UdfStats(
        function,
        moduleSha256,
        calls.sum(),
        batches.sum(),
        rows.sum(),
        guestNanos.sum(),
        copyNanos.sum(),
        bytesIn.sum(),
        bytesOut.sum(),
        memoryHighWater.get(),
        poolHits.sum(),
        poolMisses.sum(),
        created.sum(),
        discarded.sum(),
        traps.sum(),
        timeouts.sum(),
        errors.sum(),
        compilation.mode(),
        compilation.reason());
  }
}
