package io.sluice.sql.stats;

import java.util.Arrays;

/**
 * A HyperLogLog sketch of how many distinct values a column holds: 2^14 one-byte registers (16
 * KiB), about 0.8% standard error, mergeable (the register-wise maximum), fed 64-bit hashes.
 */
public final class DistinctSketch {
  /** Bits of the hash that pick a register. */
  static final int PRECISION = 14;

  private static final int REGISTERS = 1 << PRECISION;
  private final byte[] registers;

  /** An empty sketch. */
  public DistinctSketch() {
    this(new byte[REGISTERS]);
  }

  private DistinctSketch(byte[] registers) {
    this.registers = registers;
  }

  /**
   * Restores a sketch from {@link #bytes()}.
   *
   * @param bytes the registers
   * @return the sketch
   * @throws IllegalArgumentException if the bytes are not a sketch's
   */
  public static DistinctSketch of(byte[] bytes) {
    if (bytes.length != REGISTERS) {
      throw new IllegalArgumentException(
          "a distinct sketch has " + REGISTERS + " registers, not " + bytes.length);
    }
    return new DistinctSketch(bytes.clone());
  }

  /**
   * Counts a value by its hash, which must be well mixed in all 64 bits.
   *
   * @param hash the value's hash
   */
  public void add(long hash) {
    int index = (int) (hash >>> (64 - PRECISION));
    // The rank of the first one bit in the remaining bits; a guard bit bounds it.
    long rest = (hash << PRECISION) | (1L << (PRECISION - 1));
    byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
    if (registers[index] < rank) {
      registers[index] = rank;
    }
  }

  /**
   * Adds another sketch's values to this one.
   *
   * @param other the other sketch
   */
  public void merge(DistinctSketch other) {
    for (int i = 0; i < REGISTERS; i++) {
      if (registers[i] < other.registers[i]) {
        registers[i] = other.registers[i];
      }
    }
  }

  /**
   * @return the estimated number of distinct values added
   */
  public double estimate() {
    double sum = 0;
    int zeros = 0;
    for (byte register : registers) {
      sum += 1.0 / (1L << register);
      if (register == 0) {
        zeros++;
      }
    }
    double m = REGISTERS;
    double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) {
      estimate = m * Math.log(m / zeros); // linear counting is exact-ish for small counts
    }
    return estimate;
  }

  /**
   * @return the registers, to store
   */
  public byte[] bytes() {
    return registers.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DistinctSketch other && Arrays.equals(registers, other.registers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(registers);
  }
}
