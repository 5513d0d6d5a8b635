package io.sluice.storage;

import io.sluice.storage.internal.LoadWriter;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A bulk load into one table: any number of batches, made visible all at once by {@link #commit()}
 * or not at all. Unlike {@link Table#appendAll}, a load holds no more than one chunk per shard in
 * memory however many rows it takes: full chunks go to staging files as they fill, and the commit
 * moves those files into the store and writes their chunk headers in one fsynced write. A load
 * closed without a commit, a failed commit and a crash at any moment all leave nothing of it behind
 * (a crash's leftovers are deleted when the store next opens).
 *
 * <p>Rows are gathered into chunks of the table's chunk size per shard, so many small batches (a
 * client sending 1,000 rows at a time) make as few chunks as one big batch; in a round-robin table
 * a slice of a batch holding at least half a chunk is written as a chunk of its own, uncopied.
 * Other appends and loads may run at the same time; scans see the load's rows only after its commit
 * returns.
 *
 * <p>Not thread-safe: one thread appends, then commits or closes.
 *
 * <pre>{@code
 * try (TableLoad load = store.table("events").load(allocator)) {
 *   for (VectorSchemaRoot batch : batches) load.append(batch);
 *   load.commit();
 * }
 * }</pre>
 */
public final class TableLoad implements AutoCloseable {
  private final Store store;
  private final LoadWriter writer;

  TableLoad(Store store, LoadWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /**
   * @return the definition of the table loaded into
   */
  public TableDefinition definition() {
    return writer.table().definition();
  }

  /**
   * Adds rows to the load.
   *
   * @param batch rows whose schema has the table's column names and types in order (nullability may
   *     differ as long as NOT NULL columns hold no nulls); read, never modified
   * @throws SchemaMismatchException if the batch does not fit the table; the load stays usable
   * @throws StorageException if writing a staging file fails
   */
  public void append(VectorSchemaRoot batch) {
    store.checkOpen();
    writer.append(batch);
  }

  /**
   * @return rows appended so far
   */
  public long rows() {
    return writer.rows();
  }

  /**
   * @return bytes of column values written to staging files so far
   */
  public long bytesWritten() {
    return writer.bytesWritten();
  }

  /**
   * Makes every appended row visible at once, durably (fsynced whatever the store's durability).
   *
   * @return what the load wrote
   * @throws TableExistsException if the load creates a table whose name was taken meanwhile
   * @throws TableNotFoundException if the table was dropped meanwhile
   * @throws StorageException if RocksDB fails; nothing of the load is visible then
   */
  public AppendResult commit() {
    store.checkOpen();
    try {
      return writer.commit();
    } finally {
      store.forget(this);
    }
  }

  /** Abandons the load if it was not committed: none of its rows become visible. Idempotent. */
  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      store.forget(this);
    }
  }
}
