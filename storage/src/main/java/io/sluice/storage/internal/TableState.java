package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A live table: its id, definition and column types, the next chunk id of each shard, and whether
 * it was dropped. Appends hold the shared side of its lock and a drop the exclusive side, so no
 * append can write into a table's key range after the drop deleted it.
 */
public final class TableState {

  private final long id;
  private final TableDefinition definition;
  private final ColumnType[] types;
  private final int distributionColumn;
  private final AtomicLong roundRobin = new AtomicLong();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile AtomicLong[] nextChunkIds;
  private volatile boolean dropped;
  private volatile String goneBecause = "was dropped";
  private volatile AtomicLong rowCount;

  TableState(long id, TableDefinition definition) {
    this.id = id;
    this.definition = definition;
    List<Field> fields = definition.schema().getFields();
    this.types = new ColumnType[fields.size()];
    int key = -1;
    for (int i = 0; i < types.length; i++) {
      types[i] = ColumnType.of(fields.get(i));
      if (fields.get(i).getName().equals(definition.distributionKey())) {
        key = i;
      }
    }
    this.distributionColumn = key;
  }

  /**
   * @return the table id, unique for the life of the store
   */
  public long id() {
    return id;
  }

  /**
   * @return the definition
   */
  public TableDefinition definition() {
    return definition;
  }

  /**
   * @return the table name
   */
  public String name() {
    return definition.name();
  }

  /**
   * @param column a column ordinal
   * @return its SQL type
   */
  public ColumnType type(int column) {
    return types[column];
  }

  /**
   * @return the distribution key's ordinal, or -1 for round-robin
   */
  public int distributionColumn() {
    return distributionColumn;
  }

  /**
   * @return a counter that spreads round-robin batches over shards
   */
  public AtomicLong roundRobin() {
    return roundRobin;
  }

  /**
   * Takes the shared side of the lifecycle lock and checks the table still exists.
   *
   * @return the held lock, to unlock when the append is written
   * @throws TableNotFoundException if the table was dropped
   */
  public Lock lockForAppend() {
    Lock lock = lifecycle.readLock();
    lock.lock();
    if (dropped) {
      lock.unlock();
      throw new TableNotFoundException(name(), goneBecause);
    }
    return lock;
  }

  /**
   * Takes the snapshot a scan reads, checking first that the table exists. Both happen under the
   * shared side of the lifecycle lock, so a drop (or rename) is either wholly before, and the scan
   * is refused, or wholly after, and the snapshot still holds every row.
   *
   * @param database the store's database
   * @param operation names the scan, for error messages
   * @return the open reader; the caller closes it
   * @throws TableNotFoundException if the table was dropped or renamed
   */
  public RocksDbSnapshotReader openSnapshot(RocksDbDatabase database, String operation) {
    Lock lock = lockForAppend();
    try {
      return database.openSnapshotReader(operation);
    } finally {
      lock.unlock();
    }
  }

  Lock lockForDrop() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    return lock;
  }

  void markDropped() {
    dropped = true;
  }

  /**
   * Retires this state because the table now lives under another name (with a new state), so that
   * handles on the old name fail and say where it went.
   *
   * @param newName the table's new name
   */
  void markRenamed(String newName) {
    goneBecause = "was renamed to '" + newName + "'";
    dropped = true;
  }

  /**
   * @return whether the table was dropped
   */
  public boolean isDropped() {
    return dropped;
  }

  /**
   * @throws TableNotFoundException if the table was dropped
   */
  public void checkNotDropped() {
    if (dropped) {
      throw new TableNotFoundException(name(), goneBecause);
    }
  }

  /**
   * Hands out the next chunk id of a shard; the first call finds the shard's last stored chunk.
   *
   * @param shard a shard
   * @param database where to look for the last chunk
   * @return a chunk id never used before in that shard
   */
  public long nextChunkId(int shard, RocksDbDatabase database) {
    AtomicLong[] counters = nextChunkIds;
    if (counters == null) {
      counters = loadChunkCounters(database);
    }
    return counters[shard].getAndIncrement();
  }

  /**
   * Reserves a block of consecutive chunk ids of a shard, for a bulk load: no other append or load
   * will use them. Unused ids leave harmless gaps.
   *
   * @param shard a shard
   * @param count how many ids
   * @param database where to look for the last chunk on first use
   * @return the first id of the block
   */
  public long reserveChunkIds(int shard, int count, RocksDbDatabase database) {
    AtomicLong[] counters = nextChunkIds;
    if (counters == null) {
      counters = loadChunkCounters(database);
    }
    return counters[shard].getAndAdd(count);
  }

  private synchronized AtomicLong[] loadChunkCounters(RocksDbDatabase database) {
    if (nextChunkIds == null) {
      AtomicLong[] counters = new AtomicLong[definition.shardCount()];
      for (int shard = 0; shard < counters.length; shard++) {
        byte[] last =
            database.lastKey(
                RocksDbDatabase.Family.CHUNKS,
                Keys.shardStart(id, shard),
                Keys.shardEnd(id, shard),
                "finding the last chunk of table '" + name() + "' shard " + shard);
        counters[shard] = new AtomicLong(last == null ? 0 : Keys.chunkId(last) + 1);
      }
      nextChunkIds = counters;
    }
    return nextChunkIds;
  }

  /**
   * Returns the table's rows; the first call sums the row counts of every chunk header.
   *
   * @param database where the chunk headers are
   * @return the rows in the table
   */
  public long rowCount(RocksDbDatabase database) {
    AtomicLong count = rowCount;
    if (count == null) {
      count = loadRowCount(database);
    }
    return count.get();
  }

  private AtomicLong loadRowCount(RocksDbDatabase database) {
    // Appends hold the shared side of the lifecycle lock until they have counted their rows, so
    // counting under the exclusive side sees each append exactly once.
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (rowCount == null) {
        long rows = 0;
        List<Field> fields = definition.schema().getFields();
        for (Map.Entry<String, byte[]> entry :
            database
                .readRange(
                    RocksDbDatabase.Family.CHUNKS,
                    Keys.tableStart(id),
                    Keys.tableEnd(id),
                    "counting the rows of table '" + name() + "'")
                .entrySet()) {
          byte[] key = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
          if (Keys.kind(key) == Keys.KIND_HEADER) {
            rows += ChunkHeaderCodec.decode(Keys.chunkId(key), entry.getValue(), fields).rowCount();
          }
        }
        rowCount = new AtomicLong(rows);
      }
      return rowCount;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts rows an append wrote; called while the append holds {@link #lockForAppend()}.
   *
   * @param rows rows written
   */
  public void addRows(long rows) {
    AtomicLong count = rowCount;
    if (count != null) {
      count.addAndGet(rows);
    }
  }
}
