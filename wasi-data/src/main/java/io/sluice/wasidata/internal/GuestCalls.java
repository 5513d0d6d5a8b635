package io.sluice.wasidata.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.ChicoryException;
import io.sluice.wasidata.GuestException;

/** Calls into the guest, turning Chicory's traps into {@link CallFailure}s. */
public final class GuestCalls {
  private GuestCalls() {}

  /**
   * @param export the guest function
   * @param row the row this call is about, for the trap's message, or -1
   * @param args its arguments
   * @return its results
   * @throws CallFailure a TRAP when the guest traps (unreachable, out-of-bounds access, division by
   *     zero, call stack exhausted, a host function's own trap)
   * @throws ChicoryInterruptedException unchanged: the caller's time limit interrupted the call
   */
  public static long[] invoke(ExportFunction export, long row, long... args) {
    try {
      return export.apply(args);
    } catch (ChicoryInterruptedException e) {
      throw e;
    } catch (ChicoryException e) {
      throw new CallFailure(GuestException.Kind.TRAP, row, trapMessage(e), e);
    } catch (StackOverflowError e) {
      throw new CallFailure(GuestException.Kind.TRAP, row, "call stack exhausted", e);
    }
  }

  private static String trapMessage(ChicoryException e) {
    String message = e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message != null ? message : e.getClass().getSimpleName();
  }
}
