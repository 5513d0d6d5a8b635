package io.sluice.wasidata;

/**
 * What one guest call cost, reported to a {@link CallMetrics} sink after every call, failed ones
 * included. Times are wall-clock nanoseconds of the calling thread.
 *
 * @param function the SQL function's name
 * @param export the wasm export called (for aggregates, one of the seven)
 * @param rowsIn rows passed in
 * @param rowsOut rows handed back (0 for calls that return no rows)
 * @param bytesIn bytes written into guest memory (structs and buffers)
 * @param bytesOut bytes copied out of guest memory into Arrow buffers
 * @param copyInNanos time spent writing the input, staging allocation included
 * @param guestNanos time spent in the guest (the row ABI's per-row marshalling included)
 * @param copyOutNanos time spent validating and copying the output
 * @param guestCalls how many times the export was called (rows on the row ABI, rounds of
 *     SLUICE_MORE for table functions)
 * @param failed whether the call ended in an exception
 */
public record CallStatistics(
    String function,
    String export,
    long rowsIn,
    long rowsOut,
    long bytesIn,
    long bytesOut,
    long copyInNanos,
    long guestNanos,
    long copyOutNanos,
    long guestCalls,
    boolean failed) {}
