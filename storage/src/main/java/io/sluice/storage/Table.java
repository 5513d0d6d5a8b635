package io.sluice.storage;

import io.sluice.storage.internal.BatchAppender;
import io.sluice.storage.internal.ParallelScanCursor;
import io.sluice.storage.internal.ScanPlan;
import io.sluice.storage.internal.ShardHash;
import io.sluice.storage.internal.ShardScanCursor;
import io.sluice.storage.internal.TableState;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A handle on one table of a {@link Store}: append Arrow batches, scan them back. Thread-safe; a
 * handle of a dropped table fails every operation with {@link TableNotFoundException}.
 */
public final class Table {

  private final Store store;
  private final TableState state;

  Table(Store store, TableState state) {
    this.store = store;
    this.state = state;
  }

  /**
   * @return the table name
   */
  public String name() {
    return state.name();
  }

  /**
   * @return the table's definition
   */
  public TableDefinition definition() {
    return state.definition();
  }

  /**
   * @return the table's schema
   */
  public Schema schema() {
    return state.definition().schema();
  }

  /**
   * @return the number of shards
   */
  public int shardCount() {
    return state.definition().shardCount();
  }

  /**
   * Appends a batch atomically: all its rows, over every shard, become visible together, and the
   * call returns once they are as durable as the store's {@link Durability} promises. On any
   * failure nothing of the batch is written.
   *
   * @param batch rows whose schema has the table's column names and types in order; column
   *     nullability may differ as long as NOT NULL columns hold no nulls
   * @return what was written
   * @throws SchemaMismatchException if the batch does not fit the schema
   * @throws TableNotFoundException if the table was dropped
   * @throws StorageException if RocksDB fails; the message names the table and operation
   */
  public AppendResult append(VectorSchemaRoot batch) {
    store.checkOpen();
    return BatchAppender.append(state, batch, store.database());
  }

  /**
   * Appends several batches in one atomic write: after a crash either every row of every batch is
   * there or none is. Acknowledged (returns) only when durable, as {@link #append}.
   *
   * @param batches the rows, each with the table's schema; read, never modified
   * @return what was written, summed over the batches
   * @throws SchemaMismatchException if a batch does not match the table's schema; nothing is
   *     written
   * @throws TableNotFoundException if the table was dropped
   * @throws StorageException if RocksDB fails; nothing is written
   */
  public AppendResult appendAll(List<VectorSchemaRoot> batches) {
    store.checkOpen();
    return BatchAppender.appendAll(state, batches, store.database());
  }

  /**
   * Starts a bulk load into this table: any number of batches, visible all at once when the load
   * commits, or never. See {@link TableLoad}.
   *
   * @param allocator the parent of the load's memory (the chunks it gathers)
   * @return the load; close it
   * @throws TableNotFoundException if the table was dropped
   */
  public TableLoad load(BufferAllocator allocator) {
    return store.load(state, allocator);
  }

  /**
   * @return how many rows the table holds (counted from chunk headers once, then kept up to date)
   */
  public long rowCount() {
    store.checkOpen();
    state.checkNotDropped();
    return state.rowCount(store.database());
  }

  /**
   * @param spec a scan
   * @return the schema of the batches that scan returns
   * @throws IllegalArgumentException if the spec names an unknown column or shard
   */
  public Schema scanSchema(ScanSpec spec) {
    return ScanPlan.bind(state, spec).outputSchema();
  }

  /**
   * Scans the spec's shards in parallel on the store's scan pool.
   *
   * @param spec what to read
   * @param allocator the parent of the scan's allocators
   * @return a cursor over the batches of all shards, in no particular order
   * @throws IllegalArgumentException if the spec names an unknown column or shard, or a literal
   *     does not fit its column
   */
  public ScanCursor scan(ScanSpec spec, BufferAllocator allocator) {
    return scan(spec, allocator, store.scanPool());
  }

  /**
   * Scans the spec's shards in parallel on an executor of the caller's; do not consume the cursor
   * on one of that executor's threads.
   *
   * @param spec what to read
   * @param allocator the parent of the scan's allocators
   * @param executor runs one task per shard
   * @return a cursor over the batches of all shards, in no particular order
   * @throws IllegalArgumentException if the spec names an unknown column or shard, or a literal
   *     does not fit its column
   */
  public ScanCursor scan(ScanSpec spec, BufferAllocator allocator, Executor executor) {
    store.checkOpen();
    ScanPlan plan = ScanPlan.bind(state, spec);
    AtomicReference<ScanCursor> self = new AtomicReference<>();
    ScanCursor cursor =
        ParallelScanCursor.start(
            plan,
            store.database(),
            allocator,
            executor,
            () -> store.openCursors().forget(self.get()));
    self.set(cursor);
    return store.openCursors().track(cursor);
  }

  /**
   * Scans one shard on the calling thread, chunks in append order.
   *
   * @param shard the shard, 0 to {@link #shardCount()} - 1
   * @param spec what to read; its shard list is ignored
   * @param allocator the parent of the scan's allocator
   * @return a cursor over the shard's batches
   * @throws IllegalArgumentException if the spec names an unknown column or the shard is out of
   *     range
   */
  public ScanCursor scanShard(int shard, ScanSpec spec, BufferAllocator allocator) {
    store.checkOpen();
    if (shard < 0 || shard >= shardCount()) {
      throw new IllegalArgumentException(
          "table '" + name() + "' has shards 0 to " + (shardCount() - 1) + ", not " + shard);
    }
    ScanPlan plan = ScanPlan.bind(state, spec);
    AtomicReference<ScanCursor> self = new AtomicReference<>();
    ScanCursor cursor =
        ShardScanCursor.open(
            plan, shard, store.database(), allocator, () -> store.openCursors().forget(self.get()));
    self.set(cursor);
    return store.openCursors().track(cursor);
  }

  /**
   * The shards that may hold rows matching every predicate: with a distribution key compared for
   * equality to a literal, only that literal's shard; otherwise all. A lookup by key then reads one
   * shard.
   *
   * @param predicates conditions every wanted row meets
   * @return shard ids, ascending
   */
  public int[] shardsFor(List<Predicate> predicates) {
    int shards = shardCount();
    int key = state.distributionColumn();
    if (key >= 0 && shards > 1) {
      String column = state.definition().schema().getFields().get(key).getName();
      for (Predicate predicate : predicates) {
        if (predicate.operator() == Predicate.Operator.EQUAL
            && predicate.column().equals(column)
            && predicate.literals().size() == 1) {
          int shard =
              ShardHash.shardOfLiteral(predicate.literals().get(0), state.type(key), shards);
          if (shard >= 0) {
            return new int[] {shard};
          }
        }
      }
    }
    int[] all = new int[shards];
    for (int s = 0; s < shards; s++) {
      all[s] = s;
    }
    return all;
  }

  @Override
  public String toString() {
    return "Table{" + name() + ", " + shardCount() + " shards}";
  }
}
