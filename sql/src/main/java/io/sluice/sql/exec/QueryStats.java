package io.sluice.sql.exec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a query's shard fragments did, counted while they run: shards, chunks read and skipped by
 * statistics, rows scanned, and the rows and bytes moved from shards to the coordinator.
 */
public final class QueryStats {
  private final AtomicLong shards = new AtomicLong();
  private final AtomicLong chunksRead = new AtomicLong();
  private final AtomicLong chunksSkipped = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong rowsScanned = new AtomicLong();
  private final AtomicLong rowsMoved = new AtomicLong();
  private final AtomicLong bytesMoved = new AtomicLong();
  private final AtomicLong batchesMoved = new AtomicLong();

  void addShard(long chunksRead, long chunksSkipped, long bytesRead) {
    this.shards.incrementAndGet();
    this.chunksRead.addAndGet(chunksRead);
    this.chunksSkipped.addAndGet(chunksSkipped);
    this.bytesRead.addAndGet(bytesRead);
  }

  void addScanned(long rows) {
    rowsScanned.addAndGet(rows);
  }

  void addMoved(long rows, long bytes) {
    rowsMoved.addAndGet(rows);
    bytesMoved.addAndGet(bytes);
    batchesMoved.incrementAndGet();
  }

  /**
   * @return a consistent-enough copy of the counters
   */
  public Snapshot snapshot() {
    return new Snapshot(
        shards.get(),
        chunksRead.get(),
        chunksSkipped.get(),
        bytesRead.get(),
        rowsScanned.get(),
        rowsMoved.get(),
        bytesMoved.get(),
        batchesMoved.get());
  }

  /**
   * The counters at one moment.
   *
   * @param shards shard fragments that finished
   * @param chunksRead chunks whose columns were read
   * @param chunksSkipped chunks skipped by their statistics
   * @param bytesRead bytes read from storage
   * @param rowsScanned rows the scans returned
   * @param rowsMoved rows sent from shards to the coordinator
   * @param bytesMoved Arrow bytes sent from shards to the coordinator
   * @param batchesMoved batches sent from shards to the coordinator
   */
  public record Snapshot(
      long shards,
      long chunksRead,
      long chunksSkipped,
      long bytesRead,
      long rowsScanned,
      long rowsMoved,
      long bytesMoved,
      long batchesMoved) {}
}
