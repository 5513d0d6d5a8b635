package io.sluice.udf.internal;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import io.sluice.wasidata.Guest;
import io.sluice.wasidata.GuestMemory;

/**
 * One pooled instance: the {@link Guest} and the image of its state right after {@code
 * _initialize}, to which {@link #reset()} returns it between queries.
 *
 * <p>The image is the memory (a {@link GuestMemory.Snapshot}: pages frozen, not copied), the values
 * of the mutable globals (C's stack pointer and heap bookkeeping live there) and the contents of
 * the tables. After a reset nothing a previous query wrote is left: not its data in memory, not a
 * pointer to it in a global, not a function it stored in a table. The captured log is cleared too.
 */
public final class GuestInstance {

  private final Guest guest;
  private final GuestMemory.Snapshot memory;
  private final int[] globalIndexes;
  private final long[] globalLows;
  private final long[] globalHighs;
  private final int[][] tableRefs;
  private final Instance[][] tableInstances;

  GuestInstance(Guest guest) {
    this.guest = guest;
    Instance instance = guest.instance();
    this.memory = guest.memory().snapshot();
    int globals = instance.globalCount();
    int mutable = 0;
    int[] indexes = new int[globals];
    for (int i = 0; i < globals; i++) {
      if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
        indexes[mutable++] = i;
      }
    }
    this.globalIndexes = java.util.Arrays.copyOf(indexes, mutable);
    this.globalLows = new long[mutable];
    this.globalHighs = new long[mutable];
    for (int i = 0; i < mutable; i++) {
      GlobalInstance global = instance.global(globalIndexes[i]);
      globalLows[i] = global.getValueLow();
      globalHighs[i] = global.getValueHigh();
    }
    int tables = instance.tableCount();
    this.tableRefs = new int[tables][];
    this.tableInstances = new Instance[tables][];
    for (int t = 0; t < tables; t++) {
      TableInstance table = instance.table(t);
      tableRefs[t] = new int[table.size()];
      tableInstances[t] = new Instance[table.size()];
      for (int i = 0; i < table.size(); i++) {
        tableRefs[t][i] = table.ref(i);
        tableInstances[t][i] = table.instance(i);
      }
    }
  }

  /**
   * @return the guest, for calls
   */
  public Guest guest() {
    return guest;
  }

  /**
   * @return the current size of the instance's linear memory, in bytes
   */
  public long memoryBytes() {
    return guest.memory().byteSize();
  }

  /**
   * @return the largest size the memory reached since creation or the last reset, in bytes
   */
  public long memoryHighWaterBytes() {
    return guest.memory().highWaterBytes();
  }

  /**
   * Returns the instance to its state right after initialization.
   *
   * @return false when that is impossible (a table grew: tables cannot shrink), so the instance
   *     must be discarded instead
   */
  public boolean reset() {
    Instance instance = guest.instance();
    for (int t = 0; t < tableRefs.length; t++) {
      if (instance.table(t).size() != tableRefs[t].length) {
        return false;
      }
    }
    guest.memory().restore(memory);
    for (int i = 0; i < globalIndexes.length; i++) {
      GlobalInstance global = instance.global(globalIndexes[i]);
      global.setValueLow(globalLows[i]);
      global.setValueHigh(globalHighs[i]);
    }
    for (int t = 0; t < tableRefs.length; t++) {
      TableInstance table = instance.table(t);
      for (int i = 0; i < tableRefs[t].length; i++) {
        table.setRef(i, tableRefs[t][i], tableInstances[t][i]);
      }
    }
    guest.imports().log().clear();
    guest.afterReset();
    return true;
  }
}
