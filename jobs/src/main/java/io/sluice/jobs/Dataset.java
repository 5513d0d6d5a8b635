package io.sluice.jobs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A job being described, fluently: {@code sluice.dataset("docs").map(fn).combine(fn)
 * .reduceByKey(fn).writeTo("counts")}. Each call returns this builder; {@link #writeTo} runs the
 * job and waits, {@link #start} runs it in the background. Not thread-safe; cheap to make.
 */
public final class Dataset {
  private final Jobs jobs;
  private final JobInput input;
  private WasmFunctionRef map;
  private WasmFunctionRef combine;
  private WasmFunctionRef reduce;
  private int parallelism = JobSpec.defaultParallelism();
  private boolean replaceOutput;
  private long memoryLimitBytes = JobSpec.DEFAULT_MEMORY_LIMIT_BYTES;
  private Duration callTimeout = JobSpec.DEFAULT_CALL_TIMEOUT;
  private JobListener listener = JobListener.NONE;

  Dataset(Jobs jobs, JobInput input) {
    this.jobs = jobs;
    this.input = input;
  }

  /**
   * @param function a TABLE function returning (key, value) rows
   * @return this
   */
  public Dataset map(WasmFunctionRef function) {
    this.map = function;
    return this;
  }

  /**
   * @param module a wasm module file
   * @param function its TABLE function returning (key, value) rows
   * @return this
   */
  public Dataset map(Path module, String function) {
    return map(WasmFunctionRef.of(module, function));
  }

  /**
   * @param function an AGGREGATE run per key on each shard before the shuffle: the reduce function
   *     itself (its partial states are shuffled) or one returning the value type
   * @return this
   */
  public Dataset combine(WasmFunctionRef function) {
    this.combine = function;
    return this;
  }

  /**
   * @param module a wasm module file
   * @param function its AGGREGATE to combine with
   * @return this
   */
  public Dataset combine(Path module, String function) {
    return combine(WasmFunctionRef.of(module, function));
  }

  /**
   * @param function an AGGREGATE over the values of each key: one output row per key
   * @return this
   */
  public Dataset reduceByKey(WasmFunctionRef function) {
    this.reduce = function;
    return this;
  }

  /**
   * @param module a wasm module file
   * @param function its AGGREGATE to reduce with
   * @return this
   */
  public Dataset reduceByKey(Path module, String function) {
    return reduceByKey(WasmFunctionRef.of(module, function));
  }

  /**
   * @param partitions reduce partitions, shards of the output, and most tasks at once
   * @return this
   */
  public Dataset parallelism(int partitions) {
    this.parallelism = partitions;
    return this;
  }

  /**
   * @param replace whether an existing output table is replaced, atomically, when the job succeeds
   * @return this
   */
  public Dataset replaceOutput(boolean replace) {
    this.replaceOutput = replace;
    return this;
  }

  /**
   * @param bytes memory cap of each sandbox running a module file's function
   * @return this
   */
  public Dataset memoryLimit(long bytes) {
    this.memoryLimitBytes = bytes;
    return this;
  }

  /**
   * @param timeout time limit of one call into a module file's function
   * @return this
   */
  public Dataset callTimeout(Duration timeout) {
    this.callTimeout = timeout;
    return this;
  }

  /**
   * @param progress told the job's progress while it runs
   * @return this
   */
  public Dataset onProgress(JobListener progress) {
    this.listener = progress;
    return this;
  }

  /**
   * @param output the table to create
   * @return the job this builder describes
   * @throws IllegalArgumentException if a part is missing or out of range
   */
  public JobSpec spec(String output) {
    return new JobSpec(
        input,
        map,
        combine,
        reduce,
        output,
        parallelism,
        replaceOutput,
        memoryLimitBytes,
        callTimeout);
  }

  /**
   * Runs the job and waits for it.
   *
   * @param output the table to create with one row per key
   * @return the final status of the job, which succeeded
   * @throws JobException if the job failed or was cancelled; nothing was published
   * @throws IllegalArgumentException if the job cannot run (a function does not fit, ...)
   */
  public JobStatus writeTo(String output) {
    JobHandle handle = start(output);
    try {
      return handle.await();
    } catch (InterruptedException e) {
      handle.cancel();
      awaitUninterruptibly(handle);
      Thread.currentThread().interrupt();
      throw new JobException(handle.status());
    }
  }

  /**
   * Starts the job in the background.
   *
   * @param output the table to create with one row per key
   * @return the running job
   * @throws IllegalArgumentException if the job cannot run
   */
  public JobHandle start(String output) {
    return jobs.start(spec(output), listener);
  }

  private static void awaitUninterruptibly(JobHandle handle) {
    while (true) {
      try {
        handle.await(Duration.ofDays(1));
        return;
      } catch (InterruptedException ignored) {
        // The job is being cancelled; its end comes soon and the interrupt is restored above.
      }
    }
  }
}
