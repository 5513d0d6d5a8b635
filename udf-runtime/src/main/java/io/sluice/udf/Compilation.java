package io.sluice.udf;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a module was turned into runnable code: its {@link ExecutionMode}, which wasm functions (if
 * any) fell back to the interpreter and why, and where the compiled code came from.
 *
 * <p>A fallback to the interpreter is never silent: it is reported here, in every {@link UdfStats}
 * of the module's functions, and as a warning of {@link UdfModule#warnings()}.
 *
 * @param mode how the code runs
 * @param interpretedFunctions the wasm functions that run in the interpreter, as {@code "#index
 *     (name)"}; empty when {@code mode} is {@link ExecutionMode#COMPILED}, and also empty when
 *     everything is interpreted
 * @param reason why anything runs in the interpreter; empty when nothing does
 * @param source where the compiled code came from
 * @param time how long compiling, or loading the compiled code, took (parsing not included)
 */
public record Compilation(
    ExecutionMode mode,
    List<String> interpretedFunctions,
    String reason,
    Source source,
    Duration time) {

  /** Where a module's runnable code came from. */
  public enum Source {
    /** Compiled to JVM bytecode by this process. */
    COMPILER,
    /** Compiled by this process earlier: the module was already loaded. */
    MEMORY_CACHE,
    /** Compiled bytecode read back from the on-disk cache (an earlier process compiled it). */
    DISK_CACHE,
    /** Not compiled: the module runs in the interpreter. */
    NONE
  }

  /** Checks and copies the components. */
  public Compilation {
    Objects.requireNonNull(mode, "mode");
    interpretedFunctions = List.copyOf(interpretedFunctions);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
  }

  /**
   * @param source where the code of this module (the same hash) now comes from
   * @param time how long obtaining it took this time
   * @return this report with another source and time
   */
  public Compilation from(Source source, Duration time) {
    return new Compilation(mode, interpretedFunctions, reason, source, time);
  }
}
