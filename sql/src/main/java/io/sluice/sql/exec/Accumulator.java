package io.sluice.sql.exec;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The per-group state of one built-in partial aggregate call, grown as groups appear, updated with
 * whole columns at a time.
 */
public abstract class Accumulator {

  /**
   * @param groups the group of each row
   * @param groupCount groups that exist so far
   * @param input the call's argument (unused by COUNT(*))
   * @param rows rows in the batch
   */
  public abstract void update(int[] groups, int groupCount, Column input, int rows);

  /**
   * @param groupCount how many groups there are
   * @return one partial result per group
   */
  public abstract Column result(int groupCount);

  /**
   * @param kind the aggregate function
   * @param lane the lane of its argument (any for COUNT(*))
   * @return a new, empty state
   * @throws UnsupportedOperationException for wasm aggregates and SUM of non-numbers
   */
  public static Accumulator of(PartialAggregate.Kind kind, Lane lane) {
    switch (kind) {
      case COUNT_STAR:
        return new Count(false);
      case COUNT:
        return new Count(true);
      case SUM:
      case SUM0:
        boolean zero = kind == PartialAggregate.Kind.SUM0;
        switch (lane) {
          case LONG:
            return new SumLong(zero);
          case DOUBLE:
            return new SumDouble(zero);
          case DECIMAL:
            return new SumDecimal(zero);
          default:
            throw new UnsupportedOperationException("SUM of " + lane);
        }
      case MIN:
      case MAX:
        return new Extreme(kind == PartialAggregate.Kind.MAX, lane);
      default:
        throw new UnsupportedOperationException("accumulator for " + kind);
    }
  }

  static int capacity(int current, int needed) {
    return Math.max(needed, Math.max(16, current * 2));
  }

  /** COUNT(*) and COUNT(x). */
  static final class Count extends Accumulator {
    private final boolean skipNulls;
    private long[] counts = new long[16];

    Count(boolean skipNulls) {
      this.skipNulls = skipNulls;
    }

    @Override
    public void update(int[] groups, int groupCount, Column input, int rows) {
      if (counts.length < groupCount) {
        counts = Arrays.copyOf(counts, capacity(counts.length, groupCount));
      }
      for (int i = 0; i < rows; i++) {
        if (!skipNulls || !input.isNull(i)) {
          counts[groups[i]]++;
        }
      }
    }

    @Override
    public Column result(int groupCount) {
      return new Column.Longs(Arrays.copyOf(counts, groupCount), null);
    }
  }

  /** Sums of integers, wrapping on overflow like the coordinator's Java arithmetic. */
  static final class SumLong extends Accumulator {
    private final boolean zeroWhenEmpty;
    private long[] sums = new long[16];
    private boolean[] seen = new boolean[16];

    SumLong(boolean zeroWhenEmpty) {
      this.zeroWhenEmpty = zeroWhenEmpty;
    }

    @Override
    public void update(int[] groups, int groupCount, Column input, int rows) {
      if (sums.length < groupCount) {
        int capacity = capacity(sums.length, groupCount);
        sums = Arrays.copyOf(sums, capacity);
        seen = Arrays.copyOf(seen, capacity);
      }
      long[] values = ((Column.Longs) input).values;
      for (int i = 0; i < rows; i++) {
        if (!input.isNull(i)) {
          sums[groups[i]] += values[i];
          seen[groups[i]] = true;
        }
      }
    }

    @Override
    public Column result(int groupCount) {
      return new Column.Longs(Arrays.copyOf(sums, groupCount), unseen(seen, groupCount));
    }

    private boolean[] unseen(boolean[] seen, int groupCount) {
      if (zeroWhenEmpty) {
        return null;
      }
      boolean[] nulls = new boolean[groupCount];
      for (int g = 0; g < groupCount; g++) {
        nulls[g] = !seen[g];
      }
      return nulls;
    }
  }

  /** Sums of REAL and DOUBLE values. */
  static final class SumDouble extends Accumulator {
    private final boolean zeroWhenEmpty;
    private double[] sums = new double[16];
    private boolean[] seen = new boolean[16];

    SumDouble(boolean zeroWhenEmpty) {
      this.zeroWhenEmpty = zeroWhenEmpty;
    }

    @Override
    public void update(int[] groups, int groupCount, Column input, int rows) {
      if (sums.length < groupCount) {
        int capacity = capacity(sums.length, groupCount);
        sums = Arrays.copyOf(sums, capacity);
        seen = Arrays.copyOf(seen, capacity);
      }
      double[] values = ((Column.Doubles) input).values;
      for (int i = 0; i < rows; i++) {
        if (!input.isNull(i)) {
          sums[groups[i]] += values[i];
          seen[groups[i]] = true;
        }
      }
    }

    @Override
    public Column result(int groupCount) {
      boolean[] nulls = null;
      if (!zeroWhenEmpty) {
        nulls = new boolean[groupCount];
        for (int g = 0; g < groupCount; g++) {
          nulls[g] = !seen[g];
        }
      }
      return new Column.Doubles(Arrays.copyOf(sums, groupCount), nulls);
    }
  }

  /** Exact sums of DECIMAL values. */
  static final class SumDecimal extends Accumulator {
    private final boolean zeroWhenEmpty;
    private BigDecimal[] sums = new BigDecimal[16];

    SumDecimal(boolean zeroWhenEmpty) {
      this.zeroWhenEmpty = zeroWhenEmpty;
    }

    @Override
    public void update(int[] groups, int groupCount, Column input, int rows) {
      if (sums.length < groupCount) {
        sums = Arrays.copyOf(sums, capacity(sums.length, groupCount));
      }
      BigDecimal[] values = ((Column.Decimals) input).values;
      for (int i = 0; i < rows; i++) {
        if (!input.isNull(i)) {
          int g = groups[i];
          sums[g] = sums[g] == null ? values[i] : sums[g].add(values[i]);
        }
      }
    }

    @Override
    public Column result(int groupCount) {
      BigDecimal[] out = Arrays.copyOf(sums, groupCount);
      boolean[] nulls = new boolean[groupCount];
      for (int g = 0; g < groupCount; g++) {
        if (out[g] == null) {
          if (zeroWhenEmpty) {
            out[g] = BigDecimal.ZERO;
          } else {
            nulls[g] = true;
          }
        }
      }
      return new Column.Decimals(out, nulls);
    }
  }

  /** MIN and MAX of any lane, ignoring NULLs. */
  static final class Extreme extends Accumulator {
    private final boolean max;
    private final Lane lane;
    private Object[] best = new Object[16];

    Extreme(boolean max, Lane lane) {
      this.max = max;
      this.lane = lane;
    }

    @Override
    public void update(int[] groups, int groupCount, Column input, int rows) {
      if (best.length < groupCount) {
        best = Arrays.copyOf(best, capacity(best.length, groupCount));
      }
      for (int i = 0; i < rows; i++) {
        if (input.isNull(i)) {
          continue;
        }
        Object value = valueOf(input, i);
        int g = groups[i];
        if (best[g] == null || better(value, best[g])) {
          best[g] = value;
        }
      }
    }

    private static Object valueOf(Column input, int row) {
      if (input instanceof Column.Longs c) {
        return c.values[row];
      } else if (input instanceof Column.Doubles c) {
        return c.values[row];
      } else if (input instanceof Column.Decimals c) {
        return c.values[row];
      } else if (input instanceof Column.Bytes c) {
        return c.values[row];
      }
      return ((Column.Booleans) input).values[row];
    }

    private boolean better(Object candidate, Object current) {
      int comparison;
      if (candidate instanceof byte[] bytes) {
        comparison = Arrays.compareUnsigned(bytes, (byte[]) current);
      } else {
        @SuppressWarnings("unchecked")
        Comparable<Object> comparable = (Comparable<Object>) candidate;
        comparison = comparable.compareTo(current);
      }
      return max ? comparison > 0 : comparison < 0;
    }

    @Override
    public Column result(int groupCount) {
      boolean[] nulls = new boolean[groupCount];
      for (int g = 0; g < groupCount; g++) {
        nulls[g] = best[g] == null;
      }
      switch (lane) {
        case LONG:
          long[] longs = new long[groupCount];
          for (int g = 0; g < groupCount; g++) {
            longs[g] = best[g] == null ? 0 : (Long) best[g];
          }
          return new Column.Longs(longs, nulls);
        case DOUBLE:
          double[] doubles = new double[groupCount];
          for (int g = 0; g < groupCount; g++) {
            doubles[g] = best[g] == null ? 0 : (Double) best[g];
          }
          return new Column.Doubles(doubles, nulls);
        case DECIMAL:
          BigDecimal[] decimals = new BigDecimal[groupCount];
          for (int g = 0; g < groupCount; g++) {
            decimals[g] = (BigDecimal) best[g];
          }
          return new Column.Decimals(decimals, nulls);
        case BYTES:
          byte[][] bytes = new byte[groupCount][];
          for (int g = 0; g < groupCount; g++) {
            bytes[g] = (byte[]) best[g];
          }
          return new Column.Bytes(bytes, nulls);
        default:
          boolean[] booleans = new boolean[groupCount];
          for (int g = 0; g < groupCount; g++) {
            booleans[g] = best[g] != null && (Boolean) best[g];
          }
          return new Column.Booleans(booleans, nulls);
      }
    }
  }
}
