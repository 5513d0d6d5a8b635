package io.sluice.storage;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Batches of a scan, pulled one at a time; closing it releases every buffer it allocated.
 *
 * <p>Each batch belongs to the cursor and stays valid until the next call to {@link #next()} or
 * {@link #close()}; to keep one longer, transfer its vectors to an allocator of your own. A cursor
 * is used by one thread at a time.
 */
public interface ScanCursor extends AutoCloseable {

  /**
   * Advances to the next non-empty batch.
   *
   * @return true if there is one, false when the scan is over
   * @throws StorageException if reading fails; the message names the table, shard and operation
   */
  boolean next();

  /**
   * @return the current batch, with the projected columns in the requested order
   * @throws IllegalStateException before the first successful {@link #next()} or after the end
   */
  VectorSchemaRoot batch();

  /**
   * @return the shard the current batch came from
   * @throws IllegalStateException before the first successful {@link #next()} or after the end
   */
  int shard();

  /**
   * @return what the scan has done so far
   */
  ScanStatistics statistics();

  /** Releases the current batch, the snapshot and all memory of the scan. Idempotent. */
  @Override
  void close();
}
