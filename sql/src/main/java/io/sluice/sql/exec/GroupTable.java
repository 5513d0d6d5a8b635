package io.sluice.sql.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the distinct group keys of a shard's rows from 0, in order of first appearance, and keeps
 * each group's key values so the aggregator can output them. NULL keys form one group, as GROUP BY
 * requires. A single integer key (the common GROUP BY status, or a date) takes {@link LongGroups},
 * with no boxed key per row; other keys are boxed into a hash map.
 */
final class GroupTable {
  private static final Object NULL = new Object();

  private final int keyCount;
  private final Map<Object, Integer> groups = new HashMap<>();
  private final List<Object[]> keys = new ArrayList<>();

  /** The typed table for a single integer key; null until a batch shows the key is one. */
  private LongGroups longs;

  GroupTable(int keyCount) {
    this.keyCount = keyCount;
  }

  /**
   * @param keyColumns the key columns of a batch
   * @param rows rows in the batch
   * @return the group of each row
   */
  int[] assign(List<Column> keyColumns, int rows) {
    int[] out = new int[rows];
    if (keyCount == 0) {
      if (keys.isEmpty() && rows > 0) {
        keys.add(new Object[0]);
      }
      return out;
    }
    if (keyCount == 1
        && keyColumns.get(0) instanceof Column.Longs column
        && (longs != null || keys.isEmpty())) {
      if (longs == null) {
        longs = new LongGroups();
      }
      return longs.assign(column, rows);
    }
    for (int row = 0; row < rows; row++) {
      Object[] values = new Object[keyCount];
      for (int k = 0; k < keyCount; k++) {
        values[k] = value(keyColumns.get(k), row);
      }
      Object key = keyCount == 1 ? values[0] : new CompositeKey(values);
      Integer group = groups.get(key);
      if (group == null) {
        group = keys.size();
        groups.put(key, group);
        keys.add(values);
      }
      out[row] = group;
    }
    return out;
  }

  /**
   * @return how many groups there are
   */
  int size() {
    return longs != null ? longs.size() : keys.size();
  }

  /**
   * @param k a key column
   * @param lane its lane
   * @return the key's values of every group, in group order
   */
  Column keyColumn(int k, Lane lane) {
    if (longs != null) {
      return longs.keys();
    }
    int n = keys.size();
    boolean[] nulls = new boolean[n];
    boolean any = false;
    for (int g = 0; g < n; g++) {
      nulls[g] = keys.get(g)[k] == NULL;
      any |= nulls[g];
    }
    boolean[] maybeNulls = any ? nulls : null;
    switch (lane) {
      case LONG:
        long[] longs = new long[n];
        for (int g = 0; g < n; g++) {
          if (!nulls[g]) {
            longs[g] = (Long) keys.get(g)[k];
          }
        }
        return new Column.Longs(longs, maybeNulls);
      case DOUBLE:
        double[] doubles = new double[n];
        for (int g = 0; g < n; g++) {
          if (!nulls[g]) {
            doubles[g] = (Double) keys.get(g)[k];
          }
        }
        return new Column.Doubles(doubles, maybeNulls);
      case DECIMAL:
        BigDecimal[] decimals = new BigDecimal[n];
        for (int g = 0; g < n; g++) {
          if (!nulls[g]) {
            decimals[g] = (BigDecimal) keys.get(g)[k];
          }
        }
        return new Column.Decimals(decimals, maybeNulls);
      case BYTES:
        byte[][] bytes = new byte[n][];
        for (int g = 0; g < n; g++) {
          if (!nulls[g]) {
            bytes[g] = ((BytesKey) keys.get(g)[k]).bytes;
          }
        }
        return new Column.Bytes(bytes, maybeNulls);
      default:
        boolean[] booleans = new boolean[n];
        for (int g = 0; g < n; g++) {
          if (!nulls[g]) {
            booleans[g] = (Boolean) keys.get(g)[k];
          }
        }
        return new Column.Booleans(booleans, maybeNulls);
    }
  }

  private static Object value(Column column, int row) {
    if (column.isNull(row)) {
      return NULL;
    }
    if (column instanceof Column.Longs c) {
      return c.values[row];
    } else if (column instanceof Column.Doubles c) {
      // -0.0 and 0.0 are one group, as SQL equality says; NaN is one group.
      double v = c.values[row];
      return v == 0.0 ? 0.0 : v;
    } else if (column instanceof Column.Decimals c) {
      return c.values[row].stripTrailingZeros();
    } else if (column instanceof Column.Bytes c) {
      return new BytesKey(c.values[row]);
    }
    return ((Column.Booleans) column).values[row];
  }

  /** A byte string compared by content. */
  private static final class BytesKey {
    final byte[] bytes;
    final int hash;

    BytesKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Several key values compared together. */
  private static final class CompositeKey {
    final Object[] values;
    final int hash;

    CompositeKey(Object[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CompositeKey k && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
