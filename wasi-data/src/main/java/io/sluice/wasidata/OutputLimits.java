package io.sluice.wasidata;

/**
 * The most a single guest call may hand back: rows (counted over all SLUICE_MORE rounds of a table
 * function) and bytes copied out of guest memory. A call that exceeds either fails with {@link
 * GuestException.Kind#OUTPUT_LIMIT}.
 *
 * @param maxRows the most output rows per call
 * @param maxBytes the most output bytes per call (validity, offsets and values buffers)
 */
public record OutputLimits(long maxRows, long maxBytes) {
  /** No limit beyond what Arrow and the JVM impose. */
  public static final OutputLimits UNLIMITED = new OutputLimits(Long.MAX_VALUE, Long.MAX_VALUE);

  /** Checks that both limits are positive. */
  public OutputLimits {
    if (maxRows <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException(
          "output limits must be positive, not " + maxRows + " rows and " + maxBytes + " bytes");
    }
  }
}
