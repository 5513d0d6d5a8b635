package io.sluice.storage;

/**
 * How a {@link Store} is opened: durability of appends, scan threads, whether to create a missing
 * store.
 *
 * @param durability when appends are acknowledged; {@link Durability#SYNC} by default
 * @param scanThreads threads of the store's own scan pool; the number of cores by default
 * @param createIfMissing whether to create a store in a missing or empty directory; true by default
 */
public record StoreOptions(Durability durability, int scanThreads, boolean createIfMissing) {

  /**
   * @throws IllegalArgumentException if durability is null or scanThreads is not positive
   */
  public StoreOptions {
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
    if (scanThreads < 1) {
      throw new IllegalArgumentException("scanThreads must be at least 1, got " + scanThreads);
    }
  }

  /**
   * @return the defaults: SYNC durability, one scan thread per core, create if missing
   */
  public static StoreOptions defaults() {
    return new StoreOptions(Durability.SYNC, Runtime.getRuntime().availableProcessors(), true);
  }

  /**
   * @param value the durability of appends
   * @return a copy with that durability
   */
  public StoreOptions withDurability(Durability value) {
    return new StoreOptions(value, scanThreads, createIfMissing);
  }

  /**
   * @param value the number of threads of the store's scan pool
   * @return a copy with that many scan threads
   */
  public StoreOptions withScanThreads(int value) {
    return new StoreOptions(durability, value, createIfMissing);
  }

  /**
   * @param value whether to create a store when the directory is missing or empty
   * @return a copy with that setting
   */
  public StoreOptions withCreateIfMissing(boolean value) {
    return new StoreOptions(durability, scanThreads, value);
  }
}
