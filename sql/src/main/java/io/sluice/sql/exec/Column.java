package io.sluice.sql.exec;

import java.math.BigDecimal;

/**
 * The values of one expression over one batch, held in Java arrays of its {@link Lane} so that
 * kernels are plain, monomorphic loops. {@code nulls} is null when no value is null.
 */
public abstract sealed class Column
    permits Column.Longs, Column.Doubles, Column.Decimals, Column.Bytes, Column.Booleans {

  /** Rows in the batch. */
  public final int rows;

  /** {@code nulls[i]} is true when row i is NULL; null when none is. */
  public final boolean[] nulls;

  Column(int rows, boolean[] nulls) {
    this.rows = rows;
    this.nulls = nulls;
  }

  /**
   * @param row a row
   * @return whether it is NULL
   */
  public final boolean isNull(int row) {
    return nulls != null && nulls[row];
  }

  /**
   * @return the lane of the values
   */
  public abstract Lane lane();

  /**
   * @param selection rows to keep, increasing
   * @param count how many of {@code selection} to use
   * @return a column of only those rows
   */
  public abstract Column select(int[] selection, int count);

  static boolean[] selectNulls(boolean[] nulls, int[] selection, int count) {
    if (nulls == null) {
      return null;
    }
    boolean[] out = new boolean[count];
    boolean any = false;
    for (int i = 0; i < count; i++) {
      out[i] = nulls[selection[i]];
      any |= out[i];
    }
    return any ? out : null;
  }

  /** Integer-like values in storage units. */
  public static final class Longs extends Column {
    /** The values; undefined where null. */
    public final long[] values;

    /**
     * @param values the values
     * @param nulls null flags, or null
     */
    public Longs(long[] values, boolean[] nulls) {
      super(values.length, nulls);
      this.values = values;
    }

    @Override
    public Lane lane() {
      return Lane.LONG;
    }

    @Override
    public Column select(int[] selection, int count) {
      long[] out = new long[count];
      for (int i = 0; i < count; i++) {
        out[i] = values[selection[i]];
      }
      return new Longs(out, selectNulls(nulls, selection, count));
    }
  }

  /** REAL and DOUBLE values. */
  public static final class Doubles extends Column {
    /** The values; undefined where null. */
    public final double[] values;

    /**
     * @param values the values
     * @param nulls null flags, or null
     */
    public Doubles(double[] values, boolean[] nulls) {
      super(values.length, nulls);
      this.values = values;
    }

    @Override
    public Lane lane() {
      return Lane.DOUBLE;
    }

    @Override
    public Column select(int[] selection, int count) {
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = values[selection[i]];
      }
      return new Doubles(out, selectNulls(nulls, selection, count));
    }
  }

  /** DECIMAL values; null entries where the value is NULL. */
  public static final class Decimals extends Column {
    /** The values. */
    public final BigDecimal[] values;

    /**
     * @param values the values
     * @param nulls null flags, or null
     */
    public Decimals(BigDecimal[] values, boolean[] nulls) {
      super(values.length, nulls);
      this.values = values;
    }

    @Override
    public Lane lane() {
      return Lane.DECIMAL;
    }

    @Override
    public Column select(int[] selection, int count) {
      BigDecimal[] out = new BigDecimal[count];
      for (int i = 0; i < count; i++) {
        out[i] = values[selection[i]];
      }
      return new Decimals(out, selectNulls(nulls, selection, count));
    }
  }

  /** VARCHAR (UTF-8) or VARBINARY values; null entries where the value is NULL. */
  public static final class Bytes extends Column {
    /** The values. */
    public final byte[][] values;

    /**
     * @param values the values
     * @param nulls null flags, or null
     */
    public Bytes(byte[][] values, boolean[] nulls) {
      super(values.length, nulls);
      this.values = values;
    }

    @Override
    public Lane lane() {
      return Lane.BYTES;
    }

    @Override
    public Column select(int[] selection, int count) {
      byte[][] out = new byte[count][];
      for (int i = 0; i < count; i++) {
        out[i] = values[selection[i]];
      }
      return new Bytes(out, selectNulls(nulls, selection, count));
    }
  }

  /** BOOLEAN values. */
  public static final class Booleans extends Column {
    /** The values; undefined where null. */
    public final boolean[] values;

    /**
     * @param values the values
     * @param nulls null flags, or null
     */
    public Booleans(boolean[] values, boolean[] nulls) {
      super(values.length, nulls);
      this.values = values;
    }

    @Override
    public Lane lane() {
      return Lane.BOOLEAN;
    }

    @Override
    public Column select(int[] selection, int count) {
      boolean[] out = new boolean[count];
      for (int i = 0; i < count; i++) {
        out[i] = values[selection[i]];
      }
      return new Booleans(out, selectNulls(nulls, selection, count));
    }
  }
}
