package io.sluice.storage.internal;

import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * Point reads and range iteration over one RocksDB snapshot, so a scan sees either all of a batch
 * or none of it, even while appends and drops go on.
 *
 * <p>One reader may be shared by the shard tasks of a parallel scan, so that every shard reads the
 * same snapshot: reads and {@link #range} are safe from several threads, each {@link Range} belongs
 * to one thread. While a reader is open, the database does not delete the files of a table dropped
 * after its snapshot (see {@link RocksDbDatabase#reclaimWhenUnread}).
 */
public final class RocksDbSnapshotReader implements AutoCloseable {

  private final RocksDbDatabase database;
  private final RocksDB db;
  private final String operation;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private final long sequence;
  private final List<Range> ranges = new ArrayList<>();
  private volatile boolean closed;

  RocksDbSnapshotReader(RocksDbDatabase database, RocksDB db, String operation) {
    this.database = database;
    this.db = db;
    this.operation = operation;
    this.snapshot = db.getSnapshot();
    this.sequence = snapshot.getSequenceNumber();
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  /**
   * @return the sequence number of the snapshot: it sees every write up to it
   */
  long sequence() {
    return sequence;
  }

  /**
   * Reads a value straight into direct memory, with no copy on the Java heap.
   *
   * @param family the column family
   * @param key the key, a direct buffer between position and limit
   * @param value where to write the value, a direct buffer between position and limit
   * @return the value's full size, or {@link RocksDB#NOT_FOUND}
   */
  public int get(RocksDbDatabase.Family family, ByteBuffer key, ByteBuffer value) {
    Lock lock = lock();
    try {
      return db.get(database.handle(family), readOptions, key, value);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param family the column family
   * @param from the first key, included
   * @param to the end key, excluded
   * @return an iterator positioned on the first key of the range
   */
  public Range range(RocksDbDatabase.Family family, byte[] from, byte[] to) {
    Lock lock = lock();
    try {
      synchronized (ranges) {
        Range range = new Range(family, from, to);
        ranges.add(range);
        return range;
      }
    } finally {
      lock.unlock();
    }
  }

  private Lock lock() {
    Lock lock = database.readLock(operation);
    if (closed) {
      lock.unlock();
      throw new StorageException(operation + " failed: its snapshot reader is closed");
    }
    return lock;
  }

  @Override
  public void close() {
    Lock lock = database.readLockIfOpen();
    if (lock == null) {
      return; // the database closed first and released this reader with it
    }
    try {
      closeNative();
    } finally {
      lock.unlock();
    }
  }

  /** Releases native resources; called with the database lock held (shared or exclusive). */
  void closeNative() {
    synchronized (ranges) {
      if (closed) {
        return;
      }
      closed = true;
      // Iterators before the snapshot they read, the snapshot before the read options naming it.
      for (Range range : ranges) {
        range.closeNative();
      }
      ranges.clear();
    }
    db.releaseSnapshot(snapshot);
    readOptions.close();
    database.forget(this);
  }

  /** An iterator over a key range at the reader's snapshot. */
  public final class Range {
    private final Slice upper;
    private final ReadOptions options;
    private final RocksIterator iterator;

    private Range(RocksDbDatabase.Family family, byte[] from, byte[] to) {
      upper = new Slice(to);
      options = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
      iterator = db.newIterator(database.handle(family), options);
      iterator.seek(from);
    }

    /**
     * @return whether the iterator is on an entry
     */
    public boolean valid() {
      Lock lock = lock();
      try {
        if (iterator.isValid()) {
          return true;
        }
        iterator.status();
        return false;
      } catch (RocksDBException e) {
        throw database.failure(operation, e);
      } finally {
        lock.unlock();
      }
    }

    /**
     * @return the current key
     */
    public byte[] key() {
      Lock lock = lock();
      try {
        return iterator.key();
      } finally {
        lock.unlock();
      }
    }

    /**
     * @return the current value
     */
    public byte[] value() {
      Lock lock = lock();
      try {
        return iterator.value();
      } finally {
        lock.unlock();
      }
    }

    /** Moves to the next entry. */
    public void next() {
      Lock lock = lock();
      try {
        iterator.next();
      } finally {
        lock.unlock();
      }
    }

    /**
     * Releases the iterator before the reader closes (a shard task that is done with its range);
     * the reader's snapshot stays. Idempotent; the reader's close releases it otherwise.
     */
    public void close() {
      Lock lock = database.readLockIfOpen();
      if (lock == null) {
        return; // the database closed and released every iterator
      }
      try {
        synchronized (ranges) {
          if (ranges.remove(this)) {
            closeNative();
          }
        }
      } finally {
        lock.unlock();
      }
    }

    private void closeNative() {
      iterator.close();
      options.close();
      upper.close();
    }
  }
}
