package io.sluice.sql.exec;

import java.util.Arrays;

/**
 * Numbers the distinct values of one integer key (any LONG-lane type: integers, dates, times,
 * booleans' neighbours) from 0, in order of first appearance, without a boxed key per row: an
 * open-addressing table of primitive longs. NULL is one group of its own.
 */
final class LongGroups {
  private static final int EMPTY = 0;

  private long[] slotKeys = new long[64];
  private int[] slotGroups = new int[64]; // group + 1; EMPTY for a free slot
  private int mask = 63;
  private long[] groupKeys = new long[16];
  private int size;
  private int nullGroup = -1;

  /**
   * @param column the key column of a batch
   * @param rows rows in the batch
   * @return the group of each row
   */
  int[] assign(Column.Longs column, int rows) {
    int[] out = new int[rows];
    long[] values = column.values;
    boolean[] nulls = column.nulls;
    for (int row = 0; row < rows; row++) {
      if (nulls != null && nulls[row]) {
        if (nullGroup < 0) {
          nullGroup = newGroup(0);
        }
        out[row] = nullGroup;
      } else {
        out[row] = groupOf(values[row]);
      }
    }
    return out;
  }

  private int groupOf(long key) {
    int slot = (int) mix(key) & mask;
    while (true) {
      int stored = slotGroups[slot];
      if (stored == EMPTY) {
        int group = newGroup(key);
        slotKeys[slot] = key;
        slotGroups[slot] = group + 1;
        if (2 * (size - (nullGroup < 0 ? 0 : 1)) > mask) {
          grow();
        }
        return group;
      }
      if (slotKeys[slot] == key) {
        return stored - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int newGroup(long key) {
    if (size == groupKeys.length) {
      groupKeys = Arrays.copyOf(groupKeys, size * 2);
    }
    groupKeys[size] = key;
    return size++;
  }

  private void grow() {
    long[] oldKeys = slotKeys;
    int[] oldGroups = slotGroups;
    slotKeys = new long[oldKeys.length * 2];
    slotGroups = new int[oldGroups.length * 2];
    mask = slotKeys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldGroups[i] != EMPTY) {
        int slot = (int) mix(oldKeys[i]) & mask;
        while (slotGroups[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        slotKeys[slot] = oldKeys[i];
        slotGroups[slot] = oldGroups[i];
      }
    }
  }

  /**
   * @return how many groups there are
   */
  int size() {
    return size;
  }

  /**
   * @return every group's key, in group order
   */
  Column.Longs keys() {
    boolean[] nulls = null;
    if (nullGroup >= 0) {
      nulls = new boolean[size];
      nulls[nullGroup] = true;
    }
    return new Column.Longs(Arrays.copyOf(groupKeys, size), nulls);
  }

  /** MurmurHash3's finalizer: neighbouring keys land in unrelated slots. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
