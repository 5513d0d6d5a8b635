package io.sluice.udf;

import java.util.Objects;

/**
 * How a module is loaded: the default {@link UdfLimits} of its functions, whether to force
 * Chicory's interpreter, and how many idle instances each function keeps. Immutable.
 */
public final class UdfOptions {

  private static final UdfOptions DEFAULTS = builder().build();

  private final UdfLimits limits;
  private final boolean interpreterOnly;
  private final int maxIdleInstances;

  private UdfOptions(Builder b) {
    this.limits = b.limits;
    this.interpreterOnly = b.interpreterOnly;
    this.maxIdleInstances = b.maxIdleInstances;
  }

  /**
   * @return default limits, compiled code, and as many idle instances per function as there are
   *     processors (at least 2)
   */
  public static UdfOptions defaults() {
    return DEFAULTS;
  }

  /**
   * @return a builder starting from the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the limits of the module's functions unless a function is given others
   */
  public UdfLimits limits() {
    return limits;
  }

  /**
   * @return whether the module runs in Chicory's interpreter instead of being compiled (a benchmark
   *     baseline and a test oracle; tens of times slower)
   */
  public boolean interpreterOnly() {
    return interpreterOnly;
  }

  /**
   * @return the most idle instances each function of the module keeps for reuse
   */
  public int maxIdleInstances() {
    return maxIdleInstances;
  }

  /** Builds {@link UdfOptions}. */
  public static final class Builder {
    private UdfLimits limits = UdfLimits.defaults();
    private boolean interpreterOnly;
    private int maxIdleInstances = Math.max(2, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /**
     * @param limits the default limits of the module's functions
     * @return this builder
     */
    public Builder limits(UdfLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * @param value true to run the module in the interpreter
     * @return this builder
     */
    public Builder interpreterOnly(boolean value) {
      this.interpreterOnly = value;
      return this;
    }

    /**
     * @param count the most idle instances per function; at least 1
     * @return this builder
     * @throws IllegalArgumentException when it is less than 1
     */
    public Builder maxIdleInstances(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a pool keeps at least 1 idle instance, got " + count);
      }
      this.maxIdleInstances = count;
      return this;
    }

    /**
     * @return the options
     */
    public UdfOptions build() {
      return new UdfOptions(this);
    }
  }
}
