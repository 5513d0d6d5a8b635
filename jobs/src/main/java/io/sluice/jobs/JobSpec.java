package io.sluice.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job does: read an input, map every row to (key, value) rows with a wasm table function,
 * optionally combine values per key on each shard, shuffle by key, reduce each key's values with a
 * wasm aggregate, and publish the result as a new table. Immutable; {@link Dataset} builds one.
 *
 * @param input the table or query to read
 * @param map a TABLE function whose two output columns are the key and the value
 * @param combine an AGGREGATE run per key on each shard before the shuffle, or null
 * @param reduce an AGGREGATE over the values (or the combiner's partial states) of each key
 * @param output the table to create with one row per key
 * @param parallelism reduce partitions (and shards of the output), and the most tasks running at
 *     once; a query input is also split into this many map tasks
 * @param replaceOutput whether an existing output table is replaced (atomically) on success
 * @param memoryLimitBytes the memory cap of each sandbox running a module file's function
 * @param callTimeout the time limit of one call into a module file's function
 */
public record JobSpec(
    JobInput input,
    WasmFunctionRef map,
    WasmFunctionRef combine,
    WasmFunctionRef reduce,
    String output,
    int parallelism,
    boolean replaceOutput,
    long memoryLimitBytes,
    Duration callTimeout) {

  /**
   * Sandbox memory of a job's functions by default: more than SQL's 16 MiB, because one reducer
   * holds the states of every key of its partition.
   */
  public static final long DEFAULT_MEMORY_LIMIT_BYTES = 64L << 20;

  /** Time limit of one call by default: a reducer's finish covers a whole partition. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** The most reduce partitions a job may have. */
  public static final int MAX_PARALLELISM = 256;

  /** Prefix of the names of a job's temporary tables, reserved for jobs. */
  public static final String TEMPORARY_PREFIX = "__job_";

  /**
   * @throws IllegalArgumentException if a part is missing or out of range
   */
  public JobSpec {
    Objects.requireNonNull(input, "input");
    if (map == null) {
      throw new IllegalArgumentException("a job needs a map function");
    }
    if (reduce == null) {
      throw new IllegalArgumentException("a job needs a reduce function");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("a job needs an output table name");
    }
    if (output.startsWith(TEMPORARY_PREFIX)) {
      throw new IllegalArgumentException(
          "table names starting with "
              + TEMPORARY_PREFIX
              + " are reserved for jobs' temporary data");
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "parallelism must be 1 to " + MAX_PARALLELISM + ", got " + parallelism);
    }
    if (memoryLimitBytes <= 0) {
      throw new IllegalArgumentException("the memory limit must be positive");
    }
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("the call timeout must be positive");
    }
  }

  /**
   * @return the default parallelism: one partition per processor
   */
  public static int defaultParallelism() {
    return Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @return the combiner, if the job has one
   */
  public Optional<WasmFunctionRef> combineFunction() {
    return Optional.ofNullable(combine);
  }

  /**
   * @return a one-line description, as {@code job list} shows it
   */
  public String describe() {
    return input
        + " -> map "
        + map.function()
        + (combine == null ? "" : " -> combine " + combine.function())
        + " -> reduce "
        + reduce.function()
        + " -> "
        + output;
  }
}
