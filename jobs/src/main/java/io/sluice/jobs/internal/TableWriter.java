package io.sluice.jobs.internal;

import io.sluice.storage.AppendResult;
import io.sluice.storage.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Gathers a task's batches for one table and appends them a few hundred thousand rows at a time,
 * each time in one atomic write: fewer, larger writes (each is fsynced under the store's default
 * durability) than one per wasm call. Owns the batches it holds. Not thread-safe.
 */
public final class TableWriter implements AutoCloseable {
  /** Rows gathered before an append. */
  static final int APPEND_ROWS = 1 << 18;

  private final Table table;
  private final LongConsumer bytesWritten;
  private final List<VectorSchemaRoot> pending = new ArrayList<>();
  private long pendingRows;

  /**
   * @param table where the batches go
   * @param bytesWritten told the bytes of every append
   */
  public TableWriter(Table table, LongConsumer bytesWritten) {
    this.table = table;
    this.bytesWritten = bytesWritten;
  }

  /**
   * Takes two columns as one batch of the table's schema (their names must be the table's).
   *
   * @param key the key column; ownership passes to this writer
   * @param value the second column; ownership passes to this writer
   * @param rows the rows of both
   */
  public void add(FieldVector key, FieldVector value, int rows) {
    VectorSchemaRoot batch = new VectorSchemaRoot(List.of(key, value));
    batch.setRowCount(rows);
    pending.add(batch);
    pendingRows += rows;
    if (pendingRows >= APPEND_ROWS) {
      flush();
    }
  }

  /** Appends what is gathered, in one atomic write. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    try {
      AppendResult result = table.appendAll(pending);
      bytesWritten.accept(result.bytes());
    } finally {
      closePending();
    }
  }

  /** Drops what was not flushed. */
  @Override
  public void close() {
    closePending();
  }

  private void closePending() {
    pending.forEach(VectorSchemaRoot::close);
    pending.clear();
    pendingRows = 0;
  }
}
