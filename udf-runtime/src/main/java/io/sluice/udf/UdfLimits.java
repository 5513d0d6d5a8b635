package io.sluice.udf;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The budgets and grants of one function: memory cap, time limit per call, output cap, log buffer
 * size and the WASI capabilities it may use. Immutable; {@link #defaults()} is what a function gets
 * when nothing else is said.
 */
public final class UdfLimits {

  /** One wasm page: memory limits are whole pages. */
  public static final long PAGE_BYTES = 64 * 1024;

  /** The default memory cap: 16 MiB. */
  public static final long DEFAULT_MEMORY_BYTES = 16L * 1024 * 1024;

  /** The default wall-clock limit of one call into the guest: 5 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

  /** The default cap on the bytes one call may return: 64 MiB. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;

  /** The default cap on the rows one call may return (table functions): 4 Mi rows. */
  public static final long DEFAULT_MAX_OUTPUT_ROWS = 4L * 1024 * 1024;

  /** The default size of the captured guest log: 16 KiB, the newest bytes kept. */
  public static final int DEFAULT_LOG_BYTES = 16 * 1024;

  private static final long MAX_MEMORY_BYTES = 65536L * PAGE_BYTES;
  private static final UdfLimits DEFAULTS = builder().build();

  private final long memoryBytes;
  private final Duration callTimeout;
  private final long maxOutputBytes;
  private final long maxOutputRows;
  private final int logBytes;
  private final Set<WasiGrant> grants;

  private UdfLimits(Builder b) {
    this.memoryBytes = b.memoryBytes;
    this.callTimeout = b.callTimeout;
    this.maxOutputBytes = b.maxOutputBytes;
    this.maxOutputRows = b.maxOutputRows;
    this.logBytes = b.logBytes;
    this.grants = Set.copyOf(b.grants);
  }

  /**
   * @return the limits a function gets when nothing else is said: 16 MiB, 5 s, 64 MiB and 4 Mi rows
   *     of output, a 16 KiB log, no WASI grants
   */
  public static UdfLimits defaults() {
    return DEFAULTS;
  }

  /**
   * @return a builder starting from the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a builder starting from these limits
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.memoryBytes = memoryBytes;
    b.callTimeout = callTimeout;
    b.maxOutputBytes = maxOutputBytes;
    b.maxOutputRows = maxOutputRows;
    b.logBytes = logBytes;
    b.grants = grants.isEmpty() ? EnumSet.noneOf(WasiGrant.class) : EnumSet.copyOf(grants);
    return b;
  }

  /**
   * @return the most linear memory an instance may have, in bytes (a whole number of pages)
   */
  public long memoryBytes() {
    return memoryBytes;
  }

  /**
   * @return {@link #memoryBytes()} in 64 KiB wasm pages
   */
  public int memoryPages() {
    return (int) (memoryBytes / PAGE_BYTES);
  }

  /**
   * @return the wall-clock limit of one call into the guest; a call still running then is stopped
   *     and its instance discarded
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * @return the most bytes (buffers of all output columns) one call may return
   */
  public long maxOutputBytes() {
    return maxOutputBytes;
  }

  /**
   * @return the most rows one call may return (matters for table functions)
   */
  public long maxOutputRows() {
    return maxOutputRows;
  }

  /**
   * @return the size of the buffer that captures the guest's log and stdout/stderr
   */
  public int logBytes() {
    return logBytes;
  }

  /**
   * @return the WASI capabilities granted; empty by default
   */
  public Set<WasiGrant> grants() {
    return grants;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UdfLimits l
        && memoryBytes == l.memoryBytes
        && callTimeout.equals(l.callTimeout)
        && maxOutputBytes == l.maxOutputBytes
        && maxOutputRows == l.maxOutputRows
        && logBytes == l.logBytes
        && grants.equals(l.grants);
  }

  @Override
  public int hashCode() {
    return Objects.hash(memoryBytes, callTimeout, maxOutputBytes, maxOutputRows, logBytes, grants);
  }

  @Override
  public String toString() {
    return "UdfLimits[memory="
        + describeBytes(memoryBytes)
        + ", callTimeout="
        + describe(callTimeout)
        + ", maxOutputBytes="
        + describeBytes(maxOutputBytes)
        + ", maxOutputRows="
        + maxOutputRows
        + ", logBytes="
        + logBytes
        + ", grants="
        + grants
        + "]";
  }

  /**
   * Formats a byte count the way limits are written in messages: "16 MiB", "640 KiB", "100 bytes".
   *
   * @param bytes a byte count
   * @return the count with the largest binary unit that divides it
   */
  public static String describeBytes(long bytes) {
    if (bytes > 0 && bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + " GiB";
    }
    if (bytes > 0 && bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + " MiB";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  /**
   * Formats a duration the way time limits are written in messages: "5s", "250ms".
   *
   * @param d a duration
   * @return whole seconds when it is a whole number of seconds, else milliseconds
   */
  public static String describe(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  /** Builds {@link UdfLimits}; every setter checks its argument. */
  public static final class Builder {
    private long memoryBytes = DEFAULT_MEMORY_BYTES;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private long maxOutputRows = DEFAULT_MAX_OUTPUT_ROWS;
    private int logBytes = DEFAULT_LOG_BYTES;
    private Set<WasiGrant> grants = EnumSet.noneOf(WasiGrant.class);

    private Builder() {}

    /**
     * @param bytes the memory cap; a positive multiple of 64 KiB, at most 4 GiB
     * @return this builder
     * @throws IllegalArgumentException when it is not
     */
    public Builder memoryBytes(long bytes) {
      if (bytes < PAGE_BYTES || bytes > MAX_MEMORY_BYTES || bytes % PAGE_BYTES != 0) {
        throw new IllegalArgumentException(
            "a memory limit must be a multiple of 64 KiB between 64 KiB and 4 GiB, got " + bytes);
      }
      this.memoryBytes = bytes;
      return this;
    }

    /**
     * @param timeout the wall-clock limit of one call; positive
     * @return this builder
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder callTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("a call timeout must be positive, got " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /**
     * @param bytes the most bytes one call may return; positive
     * @return this builder
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder maxOutputBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("an output limit must be positive, got " + bytes);
      }
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * @param rows the most rows one call may return; positive
     * @return this builder
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder maxOutputRows(long rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("an output row limit must be positive, got " + rows);
      }
      this.maxOutputRows = rows;
      return this;
    }

    /**
     * @param bytes the size of the captured log; at least 256 bytes
     * @return this builder
     * @throws IllegalArgumentException when it is smaller
     */
    public Builder logBytes(int bytes) {
      if (bytes < 256) {
        throw new IllegalArgumentException(
            "a log buffer must hold at least 256 bytes, got " + bytes);
      }
      this.logBytes = bytes;
      return this;
    }

    /**
     * @param grants the WASI capabilities granted (replaces any given before)
     * @return this builder
     */
    public Builder grants(Set<WasiGrant> grants) {
      this.grants = grants.isEmpty() ? EnumSet.noneOf(WasiGrant.class) : EnumSet.copyOf(grants);
      return this;
    }

    /**
     * @param grant a WASI capability to grant in addition to those given before
     * @return this builder
     */
    public Builder grant(WasiGrant grant) {
      this.grants.add(Objects.requireNonNull(grant, "grant"));
      return this;
    }

    /**
     * @return the limits
     */
    public UdfLimits build() {
      return new UdfLimits(this);
    }
  }
}
