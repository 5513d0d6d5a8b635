package io.sluice.wasidata;

/**
 * Receives the cost of every guest call; the runtime aggregates them into per-function statistics.
 * Called on the thread that made the call, so an implementation should be quick.
 */
@FunctionalInterface
public interface CallMetrics {
  /** A sink that drops everything. */
  CallMetrics NONE = statistics -> {};

  /**
   * @param statistics one call's cost
   */
  void record(CallStatistics statistics);
}
