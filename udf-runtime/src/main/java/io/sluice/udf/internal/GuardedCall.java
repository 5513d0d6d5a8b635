package io.sluice.udf.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import io.sluice.udf.UdfException;
import io.sluice.udf.UdfLimits;
import io.sluice.wasidata.GuestException;
import io.sluice.wasidata.GuestMemory;
import java.util.function.Supplier;

/**
 * Runs one call into a guest under its time limit and turns every way it can fail into a {@link
 * UdfException} of the right category, counting it in the function's statistics.
 *
 * <p>The call runs on the caller's thread, so the guest's call depth is bounded by that thread's
 * stack: a runaway recursion ends in a {@code StackOverflowError} that the codec reports as the
 * trap "call stack exhausted", and the thread goes on (the instance is discarded). Running on the
 * caller's thread costs no hand-off per batch, which matters at thousands of batches per second.
 *
 * <p>Any failure marks the instance broken, so the session discards it instead of pooling it: a
 * trap may leave it inconsistent, a timeout may stop it halfway, and even an invalid result or a
 * guest-reported error is not worth the risk of reuse.
 */
public final class GuardedCall {

  private final Watchdog watchdog;
  private final UdfLimits limits;
  private final StatsRecorder stats;

  /**
   * @param watchdog enforces the time limit
   * @param limits the function's limits
   * @param stats where failures are counted
   */
  public GuardedCall(Watchdog watchdog, UdfLimits limits, StatsRecorder stats) {
    this.watchdog = watchdog;
    this.limits = limits;
    this.stats = stats;
  }

  /** Set when a call failed: the instance must then be discarded, never pooled. */
  public interface Health {
    /** Marks the instance as not reusable. */
    void broken();
  }

  /**
   * @param instance the instance the call runs in
   * @param health told when the call fails
   * @param where the function and batch, for messages
   * @param call the call
   * @param <T> what it returns
   * @return what it returned
   * @throws UdfException when it failed, timed out or was cancelled
   */
  public <T> T run(GuestInstance instance, Health health, UdfErrors.Where where, Supplier<T> call) {
    long refusedBefore = instance.guest().memory().refusedGrows();
    try (Deadline deadline = watchdog.arm(limits.callTimeout())) {
      try {
        T result = call.get();
        stats.memory(instance.memoryHighWaterBytes());
        return result;
      } catch (ChicoryInterruptedException e) {
        health.broken();
        stats.errors.increment();
        if (deadline.fired()) {
          stats.timeouts.increment();
          throw UdfErrors.timeout(where.withLog(instance), limits.callTimeout());
        }
        // The caller's owner interrupted it (a cancelled query): its flag stays set for it.
        throw UdfErrors.cancelled(where.withLog(instance));
      } catch (GuestException e) {
        health.broken();
        stats.errors.increment();
        stats.memory(instance.memoryHighWaterBytes());
        throw translate(instance, where, e, refusedBefore);
      } catch (StackOverflowError e) {
        // Overflowing in host code between guest frames; the guest's own overflow is a trap.
        health.broken();
        stats.errors.increment();
        stats.traps.increment();
        throw UdfErrors.trap(where.withLog(instance), "call stack exhausted", e);
      } catch (RuntimeException e) {
        health.broken();
        stats.errors.increment();
        if (e instanceof UdfException u) {
          throw u;
        }
        if (e instanceof IllegalArgumentException) {
          // The caller passed vectors that do not match the signature: its bug, said as is.
          throw e;
        }
        throw UdfErrors.internal(where.withLog(instance), e);
      }
    }
  }

  /**
   * Categorises a failed call. Only running out of memory at the cap is reported as the memory
   * limit: the host's allocation failing there, or a guest error or an {@code unreachable} trap
   * (what {@code abort()} executes when malloc fails) from a call during which the memory refused a
   * {@code memory.grow} (counted by {@link GuestMemory#refusedGrows}). Any other trap (divide by
   * zero, out of bounds...) is the guest's bug, and a guest error from a call whose memory never
   * refused to grow reports what the guest said, even with memory full.
   */
  private UdfException translate(
      GuestInstance instance, UdfErrors.Where where, GuestException e, long refusedBefore) {
    UdfErrors.Where at = where.atRow(e.row()).withLog(e.logTail());
    if (e.getCause() instanceof WasiExitException exit) {
      return UdfErrors.procExit(at, exit.exitCode());
    }
    GuestMemory memory = instance.guest().memory();
    boolean atCap = memory.pages() >= memory.maximumPages();
    boolean growRefused = memory.refusedGrows() > refusedBefore;
    switch (e.kind()) {
      case OUTPUT_LIMIT:
        return UdfErrors.fromGuest(at, UdfException.Category.RESOURCE_EXHAUSTED, e);
      case OUT_OF_MEMORY:
        // sluice_alloc returned 0: the cap if memory is full, else the guest's allocator gave up.
        return atCap
            ? memoryLimit(at, memory, e)
            : UdfErrors.fromGuest(at, UdfException.Category.RESOURCE_EXHAUSTED, e);
      case TRAP:
        stats.traps.increment();
        return growRefused && isUnreachable(e)
            ? memoryLimit(at, memory, e)
            : UdfErrors.fromGuest(at, null, e);
      case GUEST_ERROR:
        // The memory bomb's way: malloc returned NULL once memory.grow was refused at the cap.
        return growRefused ? memoryLimit(at, memory, e) : UdfErrors.fromGuest(at, null, e);
      default:
        return UdfErrors.fromGuest(at, null, e);
    }
  }

  private static boolean isUnreachable(GuestException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("unreachable instruction")) {
        return true;
      }
    }
    return false;
  }

  private UdfException memoryLimit(UdfErrors.Where at, GuestMemory memory, GuestException e) {
    long cap = (long) memory.maximumPages() * UdfLimits.PAGE_BYTES;
    return UdfErrors.memoryLimit(
        at, cap, cap < limits.memoryBytes(), UdfErrors.detailOf(e.getMessage()), e);
  }
}
