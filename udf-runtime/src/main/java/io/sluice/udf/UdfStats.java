package io.sluice.udf;

/**
 * A snapshot of one function's runtime statistics since it was created, for system tables and
 * {@code EXPLAIN ANALYZE}. Counters only grow; take two snapshots and subtract for an interval.
 *
 * @param function the function's SQL name
 * @param moduleSha256 the SHA-256 (hex) of its module
 * @param calls invocations through the Java API (one per scalar/table batch or aggregate step)
 * @param batches input batches handed to the guest
 * @param rows input rows handed to the guest
 * @param guestNanos time spent running guest code
 * @param copyNanos time spent copying batches into guest memory and results out of it
 * @param bytesIn bytes copied into guest memory
 * @param bytesOut bytes copied out of guest memory
 * @param memoryHighWaterBytes the largest linear memory any of its instances reached
 * @param poolHits sessions served by a pooled (reset) instance
 * @param poolMisses sessions that found no idle instance
 * @param instancesCreated instances created (instantiation plus {@code _initialize})
 * @param instancesDiscarded instances thrown away: after a failure, or not worth keeping
 * @param traps calls stopped by a wasm trap
 * @param timeouts calls stopped at their time limit
 * @param errors calls that failed for any reason (traps and timeouts included)
 * @param mode how the module's code runs
 * @param fallbackReason why anything runs in the interpreter; empty when nothing does
 */
public record UdfStats(
    String function,
    String moduleSha256,
    long calls,
    long batches,
    long rows,
    long guestNanos,
    long copyNanos,
    long bytesIn,
    long bytesOut,
    long memoryHighWaterBytes,
    long poolHits,
    long poolMisses,
    long instancesCreated,
    long instancesDiscarded,
    long traps,
    long timeouts,
    long errors,
    ExecutionMode mode,
    String fallbackReason) {}
