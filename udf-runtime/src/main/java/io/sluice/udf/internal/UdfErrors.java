package io.sluice.udf.internal;

import io.sluice.udf.UdfException;
import io.sluice.udf.UdfException.Category;
import io.sluice.udf.UdfLimits;
import io.sluice.wasidata.GuestException;
import java.time.Duration;

/**
 * Every message the UDF runtime gives users, in one place, so they read alike: they name the
 * function, then where it failed (row, batch), then why; {@link UdfException} appends the module
 * hash and the tail of the guest's log.
 */
public final class UdfErrors {

  /** How much of the guest's log an error carries. */
  static final int LOG_TAIL_BYTES = 4096;

  private UdfErrors() {}

  /**
   * @param sha256 the module's hash
   * @param problem what is wrong with it
   * @return an {@link Category#INVALID_MODULE} error
   */
  public static UdfException invalidModule(String sha256, String problem) {
    return UdfException.builder(Category.INVALID_MODULE, "invalid wasm module: " + problem)
        .module(sha256)
        .build();
  }

  /**
   * @param sha256 the module's hash
   * @param problem what is wrong with it
   * @param cause the underlying failure
   * @return an {@link Category#INVALID_MODULE} error
   */
  public static UdfException invalidModule(String sha256, String problem, Throwable cause) {
    return UdfException.builder(Category.INVALID_MODULE, "invalid wasm module: " + problem)
        .module(sha256)
        .cause(cause)
        .build();
  }

  /**
   * @param sha256 the module's hash
   * @param initialBytes the module's initial memory
   * @param limitBytes the memory limit
   * @return the error for a module that needs more memory to start than it may ever have
   */
  public static UdfException initialMemoryTooLarge(
      String sha256, long initialBytes, long limitBytes) {
    return invalidModule(
        sha256,
        "its initial memory of "
            + UdfLimits.describeBytes(initialBytes)
            + " exceeds the memory limit of "
            + UdfLimits.describeBytes(limitBytes));
  }

  /** Where a call failed: the function, its module, the batch and row, the guest's log. */
  public record Where(String function, String sha256, long batch, long row, String guestLog) {

    /**
     * @param row the failing row, or -1
     * @return this place narrowed to a row
     */
    public Where atRow(long row) {
      return new Where(function, sha256, batch, row, guestLog);
    }

    /**
     * @param tail the tail of the guest's log
     * @return this place with that log
     */
    public Where withLog(String tail) {
      return new Where(function, sha256, batch, row, tail);
    }

    /**
     * @param instance the instance that ran the call
     * @return this place with the tail of the instance's log
     */
    public Where withLog(GuestInstance instance) {
      return withLog(instance.guest().imports().log().tail(LOG_TAIL_BYTES));
    }

    String location() {
      if (row >= 0 && batch >= 0) {
        return " on row " + row + " of batch " + batch;
      }
      if (row >= 0) {
        return " on row " + row;
      }
      return batch >= 0 ? " in batch " + batch : "";
    }

    UdfException.Builder builder(Category category, String message) {
      return UdfException.builder(category, message)
          .function(function)
          .module(sha256)
          .batch(batch)
          .row(row)
          .guestLog(guestLog);
    }
  }

  /**
   * @param where the failing call
   * @param trap what the trap says (e.g. "out of bounds memory access")
   * @param cause the trap
   * @return the error for a trap
   */
  public static UdfException trap(Where where, String trap, Throwable cause) {
    return where
        .builder(
            Category.USER_ERROR,
            "function " + where.function() + " trapped" + where.location() + ": " + trap)
        .cause(cause)
        .build();
  }

  /**
   * @param where the failing call
   * @param exitCode what the guest passed to {@code proc_exit}
   * @return the error for a guest that called {@code proc_exit}
   */
  public static UdfException procExit(Where where, int exitCode) {
    return where
        .builder(
            Category.USER_ERROR,
            "function "
                + where.function()
                + " called proc_exit("
                + exitCode
                + ")"
                + where.location())
        .build();
  }

  /**
   * @param where the failing call
   * @param limit the time limit
   * @return the error for a call stopped at its deadline
   */
  public static UdfException timeout(Where where, Duration limit) {
    return where
        .builder(
            Category.RESOURCE_EXHAUSTED,
            "function "
                + where.function()
                + " exceeded its "
                + UdfLimits.describe(limit)
                + " time limit"
                + where.location())
        .build();
  }

  /**
   * @param where the failing call
   * @param limitBytes the most memory the instance could have
   * @param modulesOwn whether that is the module's own declared maximum, below the function's cap
   * @param detail what the guest said or how it trapped when memory ran out
   * @param cause the underlying failure
   * @return the error for a guest that ran out of memory at its cap
   */
  public static UdfException memoryLimit(
      Where where, long limitBytes, boolean modulesOwn, String detail, Throwable cause) {
    return where
        .builder(
            Category.RESOURCE_EXHAUSTED,
            "function "
                + where.function()
                + " exceeded "
                + (modulesOwn ? "its module's own memory maximum of " : "its memory limit of ")
                + UdfLimits.describeBytes(limitBytes)
                + where.location()
                + ": "
                + detail)
        .cause(cause)
        .build();
  }

  /**
   * A failure the codec described (its message names the function and row), placed in its batch.
   *
   * @param where the failing call, its row taken from the failure
   * @param category the category, or null for {@link Category#USER_ERROR}
   * @param failure the codec's exception
   * @return the error
   */
  public static UdfException fromGuest(Where where, Category category, GuestException failure) {
    String message = failure.getMessage();
    if (where.batch() >= 0) {
      message += " (batch " + where.batch() + ")";
    }
    return where
        .builder(category == null ? Category.USER_ERROR : category, message)
        .cause(failure)
        .build();
  }

  /**
   * @param message a codec message, "function f failed on row 3: what happened"
   * @return what happened: the text after the first ": "
   */
  public static String detailOf(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  /**
   * @param where the interrupted call
   * @return the error for a call whose thread was interrupted by its owner
   */
  public static UdfException cancelled(Where where) {
    return where
        .builder(
            Category.CANCELLED,
            "function " + where.function() + " was cancelled" + where.location())
        .build();
  }

  /**
   * @param where the failing call
   * @param cause the unexpected exception
   * @return the error for a failure that is Sluice's own fault
   */
  public static UdfException internal(Where where, Throwable cause) {
    return where
        .builder(
            Category.INTERNAL,
            "function "
                + where.function()
                + " failed"
                + where.location()
                + " because of an internal error: "
                + cause)
        .cause(cause)
        .build();
  }
}
