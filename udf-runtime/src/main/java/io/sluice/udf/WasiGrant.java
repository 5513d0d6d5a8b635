package io.sluice.udf;

/**
 * A WASI capability a function may be granted; nothing is granted by default.
 *
 * <p>Without a grant the corresponding WASI calls trap, naming the call, so a function that needs
 * them fails loudly instead of silently behaving differently (ABI.md section 8).
 */
public enum WasiGrant {
  /**
   * {@code clock_time_get} and {@code clock_res_get} read the runtime's injected {@link
   * java.time.Clock}. Makes a function nondeterministic.
   */
  CLOCK,
  /**
   * {@code random_get} reads the runtime's injected random source. Makes a function
   * nondeterministic.
   */
  RANDOM
}
