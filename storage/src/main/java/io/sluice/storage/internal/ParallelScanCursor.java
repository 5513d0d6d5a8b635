package io.sluice.storage.internal;

import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanStatistics;
import io.sluice.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Scans several shards at once: one task per shard on an executor, each running a {@link
 * ShardScanCursor} and handing its batches, moved without copying into this cursor's allocator,
 * through a small bounded queue. Batches arrive in no particular shard order.
 *
 * <p>Every shard reads the one snapshot taken when the scan was opened, with the table's existence
 * checked at that moment: a task that starts later (the pool busy, more shards than threads) sees
 * neither appends nor drops made after {@link #start} returned. The snapshot is released when the
 * cursor closes, after every task has finished.
 *
 * <p>Closing cancels the tasks, frees queued batches and waits until every shard cursor has closed,
 * so nothing outlives the cursor. Do not consume a cursor from a thread of the executor it scans
 * on: with fewer threads than shards that could wait forever.
 */
public final class ParallelScanCursor implements ScanCursor {

  private static final long POLL_MILLIS = 50;

  /** One queue entry: a batch, the end of a shard, or a shard's failure. */
  private record Item(VectorSchemaRoot batch, int shard, RuntimeException failure) {}

  private final ScanPlan plan;
  private final RocksDbSnapshotReader reader;
  private final BufferAllocator allocator;
  private final ScanCounters counters = new ScanCounters();
  private final BlockingQueue<Item> queue;
  private final CountDownLatch finished;
  private final Runnable onClose;
  private final int shardCount;
  private volatile boolean cancelled;
  private int shardsDone;
  private Item current;
  private boolean closed;

  private ParallelScanCursor(
      ScanPlan plan, RocksDbSnapshotReader reader, BufferAllocator parent, Runnable onClose) {
    this.plan = plan;
    this.reader = reader;
    this.onClose = onClose;
    this.shardCount = plan.shards().size();
    this.allocator =
        parent.newChildAllocator(
            "parallel scan of table '" + plan.table().name() + "'", 0, Long.MAX_VALUE);
    this.queue = new ArrayBlockingQueue<>(Math.max(2, shardCount + 1));
    this.finished = new CountDownLatch(shardCount);
  }

  /**
   * Takes the scan's snapshot, then starts one task per shard of the plan.
   *
   * @param plan the bound scan
   * @param database the store's database
   * @param allocator the parent of the cursor's allocator
   * @param executor runs the shard tasks
   * @param onClose run once when the cursor closes
   * @return the cursor
   * @throws io.sluice.storage.TableNotFoundException if the table was dropped
   */
  public static ParallelScanCursor start(
      ScanPlan plan,
      RocksDbDatabase database,
      BufferAllocator allocator,
      Executor executor,
      Runnable onClose) {
    RocksDbSnapshotReader reader =
        plan.table().openSnapshot(database, "scanning table '" + plan.table().name() + "'");
    ParallelScanCursor cursor;
    try {
      cursor = new ParallelScanCursor(plan, reader, allocator, onClose);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    for (int shard : plan.shards()) {
      try {
        executor.execute(() -> cursor.scanShard(shard));
      } catch (RejectedExecutionException e) {
        cursor.finished.countDown();
        cursor.queue.add(
            new Item(
                null,
                shard,
                new StorageException(
                    "scanning table '"
                        + plan.table().name()
                        + "' shard "
                        + shard
                        + " failed: the scan executor refused the task",
                    e)));
      }
    }
    return cursor;
  }

  private void scanShard(int shard) {
    try (ShardScanCursor cursor =
        new ShardScanCursor(plan, shard, reader, allocator, counters, () -> {})) {
      while (!cancelled && cursor.next()) {
        VectorSchemaRoot moved = moveOut(cursor.batch());
        if (!offer(new Item(moved, shard, null))) {
          moved.close();
          return;
        }
      }
      offer(new Item(null, shard, null));
    } catch (RuntimeException e) {
      offer(new Item(null, shard, e));
    } finally {
      finished.countDown();
    }
  }

  private VectorSchemaRoot moveOut(VectorSchemaRoot batch) {
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    for (FieldVector vector : batch.getFieldVectors()) {
      TransferPair transfer = vector.getTransferPair(allocator);
      transfer.transfer();
      vectors.add((FieldVector) transfer.getTo());
    }
    return new VectorSchemaRoot(batch.getSchema().getFields(), vectors, batch.getRowCount());
  }

  private boolean offer(Item item) {
    try {
      while (!cancelled) {
        if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public boolean next() {
    if (closed) {
      throw new IllegalStateException("the scan of table '" + plan.table().name() + "' is closed");
    }
    closeCurrent();
    while (shardsDone < shardCount) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException(
            "the scan of table '" + plan.table().name() + "' was interrupted", e);
      }
      if (item.failure() != null) {
        shardsDone = shardCount;
        throw item.failure();
      }
      if (item.batch() == null) {
        shardsDone++;
        continue;
      }
      current = item;
      return true;
    }
    return false;
  }

  @Override
  public VectorSchemaRoot batch() {
    if (current == null) {
      throw new IllegalStateException("no current batch (call next() first)");
    }
    return current.batch();
  }

  @Override
  public int shard() {
    batch();
    return current.shard();
  }

  @Override
  public ScanStatistics statistics() {
    return counters.snapshot();
  }

  private void closeCurrent() {
    if (current != null) {
      current.batch().close();
      current = null;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelled = true;
    try {
      closeCurrent();
      boolean interrupted = false;
      // Free what the tasks queued until all of them are done; they stop at their next offer.
      while (true) {
        for (Item item = queue.poll(); item != null; item = queue.poll()) {
          if (item.batch() != null) {
            item.batch().close();
          }
        }
        try {
          if (finished.await(POLL_MILLIS, TimeUnit.MILLISECONDS) && queue.isEmpty()) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      try {
        reader.close(); // every task is done with it
      } finally {
        allocator.close();
        onClose.run();
      }
    }
  }
}
