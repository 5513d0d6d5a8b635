package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Columns;
import io.sluice.sql.exec.Lane;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Numbers the distinct values of a tuple of key columns, a batch at a time: the group table of a
 * hash aggregate and the build side of a hash join. Keys are kept in typed arrays per column (no
 * boxed key object per row, strings compared by their UTF-8 bytes), found by open addressing over a
 * 64-bit hash computed column by column.
 *
 * <p>NULL is a key value like any other here: it equals NULL. A join that must not match NULL keys
 * leaves those rows out itself.
 */
public final class KeyTable {
  private static final long NULL_HASH = 0x5bd1e9955bd1e995L;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private final Lane[] lanes;
  private final Store[] stores;
  private static final long TAG = 0xFFFFFFFF00000000L;

  private long[] hashes = new long[16];

  /**
   * Open addressing: 0 for an empty slot, else the high 32 bits of the key's hash with {@code id +
   * 1} in the low ones, so that one read both rejects most other keys and finds the id.
   */
  private long[] slots = new long[64];

  private int mask = slots.length - 1;
  private int size;

  /**
   * @param lanes the lane of each key column
   */
  public KeyTable(Lane[] lanes) {
    this.lanes = lanes.clone();
    this.stores = new Store[lanes.length];
    for (int k = 0; k < lanes.length; k++) {
      stores[k] = Store.of(lanes[k]);
    }
  }

  /**
   * @return how many distinct keys the table holds; their ids are 0 to size - 1
   */
  public int size() {
    return size;
  }

  /**
   * @param keys the key columns of a batch, in the table's lanes
   * @param rows rows in the batch
   * @return the id of each row's key, new keys getting the next ids in row order
   */
  public int[] assign(Column[] keys, int rows) {
    long[] hash = hash(keys, rows);
    int[] ids = new int[rows];
    if (keys.length == 1 && keys[0] instanceof Column.Longs longs && longs.nulls == null) {
      LongStore store = (LongStore) stores[0];
      long[] values = longs.values;
      for (int r = 0; r < rows; r++) {
        long h = hash[r];
        long value = values[r];
        long tag = h & TAG;
        int slot = (int) h & mask;
        while (true) {
          long entry = slots[slot];
          if (entry == 0) {
            ids[r] = insert(keys, r, h, slot);
            break;
          }
          int id = (int) entry - 1;
          if ((entry & TAG) == tag && store.values[id] == value && !store.isNull(id)) {
            ids[r] = id;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      return ids;
    }
    for (int r = 0; r < rows; r++) {
      long h = hash[r];
      long tag = h & TAG;
      int slot = (int) h & mask;
      while (true) {
        long entry = slots[slot];
        if (entry == 0) {
          ids[r] = insert(keys, r, h, slot);
          break;
        }
        int id = (int) entry - 1;
        if ((entry & TAG) == tag && equal(id, keys, r)) {
          ids[r] = id;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return ids;
  }

  /**
   * @param keys the key columns of a batch, in the table's lanes
   * @param rows rows in the batch
   * @return the id of each row's key, or -1 where the table does not hold it
   */
  public int[] find(Column[] keys, int rows) {
    long[] hash = hash(keys, rows);
    int[] ids = new int[rows];
    if (keys.length == 1 && keys[0] instanceof Column.Longs longs && longs.nulls == null) {
      LongStore store = (LongStore) stores[0];
      long[] values = longs.values;
      for (int r = 0; r < rows; r++) {
        long h = hash[r];
        long value = values[r];
        long tag = h & TAG;
        int slot = (int) h & mask;
        int found = -1;
        while (true) {
          long entry = slots[slot];
          if (entry == 0) {
            break;
          }
          int id = (int) entry - 1;
          if ((entry & TAG) == tag && store.values[id] == value && !store.isNull(id)) {
            found = id;
            break;
          }
          slot = (slot + 1) & mask;
        }
        ids[r] = found;
      }
      return ids;
    }
    for (int r = 0; r < rows; r++) {
      long h = hash[r];
      long tag = h & TAG;
      int slot = (int) h & mask;
      int found = -1;
      while (true) {
        long entry = slots[slot];
        if (entry == 0) {
          break;
        }
        int id = (int) entry - 1;
        if ((entry & TAG) == tag && equal(id, keys, r)) {
          found = id;
          break;
        }
        slot = (slot + 1) & mask;
      }
      ids[r] = found;
    }
    return ids;
  }

  /**
   * @param k a key column
   * @return the distinct values of that column, in id order
   */
  public Column keyColumn(int k) {
    return stores[k].column(size);
  }

  private int insert(Column[] keys, int row, long hash, int slot) {
    int id = size++;
    if (id == hashes.length) {
      hashes = Arrays.copyOf(hashes, id * 2);
    }
    hashes[id] = hash;
    for (int k = 0; k < stores.length; k++) {
      stores[k].add(id, keys[k], row);
    }
    slots[slot] = (hash & TAG) | (id + 1);
    if (size * 2 > slots.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    slots = new long[slots.length * 2];
    mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      long hash = hashes[id];
      int slot = (int) hash & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = (hash & TAG) | (id + 1);
    }
  }

  private boolean equal(int id, Column[] keys, int row) {
    for (int k = 0; k < stores.length; k++) {
      if (!stores[k].matches(id, keys[k], row)) {
        return false;
      }
    }
    return true;
  }

  private long[] hash(Column[] keys, int rows) {
    long[] hash = new long[rows];
    long[] part = new long[rows];
    for (int k = 0; k < keys.length; k++) {
      Column key = keys[k];
      if (key.lane() != lanes[k]) {
        throw new IllegalArgumentException(
            "key column " + k + " is " + key.lane() + ", the table holds " + lanes[k]);
      }
      if (key instanceof Column.Longs c) {
        System.arraycopy(c.values, 0, part, 0, rows);
      } else if (key instanceof Column.Doubles c) {
        double[] values = c.values;
        for (int r = 0; r < rows; r++) {
          part[r] = bits(values[r]);
        }
      } else if (key instanceof Column.Decimals c) {
        BigDecimal[] values = c.values;
        for (int r = 0; r < rows; r++) {
          part[r] = values[r] == null ? NULL_HASH : values[r].stripTrailingZeros().hashCode();
        }
      } else if (key instanceof Column.Bytes c) {
        byte[][] values = c.values;
        for (int r = 0; r < rows; r++) {
          part[r] = values[r] == null ? NULL_HASH : bytesHash(values[r]);
        }
      } else {
        boolean[] values = ((Column.Booleans) key).values;
        for (int r = 0; r < rows; r++) {
          part[r] = values[r] ? 1 : 2;
        }
      }
      if (key.nulls != null) {
        boolean[] nulls = key.nulls;
        for (int r = 0; r < rows; r++) {
          if (nulls[r]) {
            part[r] = NULL_HASH;
          }
        }
      }
      for (int r = 0; r < rows; r++) {
        hash[r] = hash[r] * SEED + part[r];
      }
    }
    for (int r = 0; r < rows; r++) {
      hash[r] = mix(hash[r]);
    }
    return hash;
  }

  /** Equal doubles as SQL compares them: -0.0 and 0.0 are one key, as is every NaN. */
  private static long bits(double value) {
    return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
  }

  private static long bytesHash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** Murmur3's 64-bit finalizer: spreads every input bit over the low bits the slots use. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** The distinct values of one key column, in id order. */
  private abstract static class Store {
    protected boolean[] nulls = new boolean[16];

    static Store of(Lane lane) {
      return switch (lane) {
        case LONG -> new LongStore();
        case DOUBLE -> new DoubleStore();
        case DECIMAL -> new DecimalStore();
        case BYTES -> new BytesStore();
        case BOOLEAN -> new BooleanStore();
      };
    }

    final boolean isNull(int id) {
      return nulls[id];
    }

    final void add(int id, Column column, int row) {
      if (id == nulls.length) {
        nulls = Arrays.copyOf(nulls, id * 2);
        grow(id * 2);
      }
      nulls[id] = Columns.isNull(column, row);
      if (!nulls[id]) {
        set(id, column, row);
      }
    }

    final boolean matches(int id, Column column, int row) {
      boolean isNull = Columns.isNull(column, row);
      if (nulls[id] || isNull) {
        return nulls[id] && isNull;
      }
      return same(id, column, row);
    }

    abstract void grow(int capacity);

    abstract void set(int id, Column column, int row);

    abstract boolean same(int id, Column column, int row);

    final boolean[] nullsOf(int size) {
      for (int id = 0; id < size; id++) {
        if (nulls[id]) {
          return Arrays.copyOf(nulls, size);
        }
      }
      return null;
    }

    abstract Column column(int size);
  }

  private static final class LongStore extends Store {
    long[] values = new long[16];

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void set(int id, Column column, int row) {
      values[id] = ((Column.Longs) column).values[row];
    }

    @Override
    boolean same(int id, Column column, int row) {
      return values[id] == ((Column.Longs) column).values[row];
    }

    @Override
    Column column(int size) {
      return new Column.Longs(Arrays.copyOf(values, size), nullsOf(size));
    }
  }

  private static final class DoubleStore extends Store {
    double[] values = new double[16];

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void set(int id, Column column, int row) {
      values[id] = ((Column.Doubles) column).values[row];
    }

    @Override
    boolean same(int id, Column column, int row) {
      return bits(values[id]) == bits(((Column.Doubles) column).values[row]);
    }

    @Override
    Column column(int size) {
      return new Column.Doubles(Arrays.copyOf(values, size), nullsOf(size));
    }
  }

  private static final class DecimalStore extends Store {
    BigDecimal[] values = new BigDecimal[16];

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void set(int id, Column column, int row) {
      values[id] = ((Column.Decimals) column).values[row];
    }

    @Override
    boolean same(int id, Column column, int row) {
      return values[id].compareTo(((Column.Decimals) column).values[row]) == 0;
    }

    @Override
    Column column(int size) {
      return new Column.Decimals(Arrays.copyOf(values, size), nullsOf(size));
    }
  }

  private static final class BytesStore extends Store {
    byte[][] values = new byte[16][];

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void set(int id, Column column, int row) {
      values[id] = ((Column.Bytes) column).values[row];
    }

    @Override
    boolean same(int id, Column column, int row) {
      return Arrays.equals(values[id], ((Column.Bytes) column).values[row]);
    }

    @Override
    Column column(int size) {
      return new Column.Bytes(Arrays.copyOf(values, size), nullsOf(size));
    }
  }

  private static final class BooleanStore extends Store {
    boolean[] values = new boolean[16];

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void set(int id, Column column, int row) {
      values[id] = ((Column.Booleans) column).values[row];
    }

    @Override
    boolean same(int id, Column column, int row) {
      return values[id] == ((Column.Booleans) column).values[row];
    }

    @Override
    Column column(int size) {
      return new Column.Booleans(Arrays.copyOf(values, size), nullsOf(size));
    }
  }
}
