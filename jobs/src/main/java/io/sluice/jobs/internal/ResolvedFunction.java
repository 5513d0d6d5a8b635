package io.sluice.jobs.internal;

import io.sluice.udf.UdfFunction;
import io.sluice.wasidata.FunctionDescriptor;

/**
 * A job's function, ready to open sessions on: the sandbox function, its signature, and what to do
 * when the job no longer needs it.
 *
 * @param role what the job uses it for, as the command line names it ("map", "combine", "reduce")
 * @param reference how the user named it
 * @param function the sandbox function
 * @param release gives the function back (closes it, or releases the catalog's version)
 */
public record ResolvedFunction(
    String role, String reference, UdfFunction function, Runnable release) {

  /**
   * @return its signature
   */
  public FunctionDescriptor descriptor() {
    return function.descriptor();
  }

  /**
   * @return the SHA-256 of its module
   */
  public String moduleSha256() {
    return function.module().sha256();
  }

  /**
   * @param other another function
   * @return whether both are the same code: same module bytes and same signature and export, so the
   *     partial states one serializes the other can merge
   */
  public boolean sameCodeAs(ResolvedFunction other) {
    return moduleSha256().equals(other.moduleSha256()) && descriptor().equals(other.descriptor());
  }

  /**
   * @return e.g. {@code --reduce wordcount.wasm:sum_counts}
   */
  public String label() {
    return "--" + role + " " + reference;
  }
}
