package io.sluice.storage.internal;

import io.sluice.storage.CorruptStoreException;
import io.sluice.storage.Durability;
import io.sluice.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.EnvOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.SstFileWriter;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The one RocksDB database of a store, with its column families, options and write settings.
 *
 * <p>Shaped like Kafka Streams' {@code RocksDBStore}: every options object is a field so {@link
 * #close()} can release it in the right order; each operation checks that the database is open;
 * snapshot readers are tracked and force-closed on close; every {@link RocksDBException} is wrapped
 * with the operation that failed. A read-write lock keeps native calls and {@link #close()} apart:
 * operations share it, close takes it exclusively, so no thread is inside RocksDB while it closes.
 */
public final class RocksDbDatabase implements AutoCloseable {

  /** The column families; see docs/storage.md for what each holds. */
  public enum Family {
    CATALOG("catalog"),
    CHUNKS("chunks"),
    COLUMNS("columns"),
    METADATA("metadata");

    private final String familyName;

    Family(String familyName) {
      this.familyName = familyName;
    }

    byte[] nameBytes() {
      return familyName.getBytes(StandardCharsets.UTF_8);
    }
  }

  static {
    RocksDB.loadLibrary();
  }

  private static final long BLOCK_CACHE_BYTES = 128L << 20;
  private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;

  private final Path path;
  private final Cache blockCache;
  private final BloomFilter bloomFilter;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions defaultFamilyOptions;
  private final ColumnFamilyOptions smallValueOptions;
  private final ColumnFamilyOptions columnValueOptions;
  private final Options columnFileOptions;
  private final EnvOptions envOptions;
  private final WriteOptions appendWriteOptions;
  private final WriteOptions syncWriteOptions;
  private final boolean syncOnClose;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;
  private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
  private final Set<RocksDbSnapshotReader> openReaders = ConcurrentHashMap.newKeySet();

  /** Guards taking snapshots and deciding reclaims against each other. */
  private final Object snapshots = new Object();

  private final List<PendingReclaim> pendingReclaims = new ArrayList<>();
  private volatile boolean open;

  private RocksDbDatabase(Path path, boolean create, Durability durability) {
    this.path = path;
    blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    bloomFilter = new BloomFilter(10);
    // Catalog, chunk headers and metadata: small values, compressed by RocksDB.
    smallValueOptions =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setTableFormatConfig(tableConfig(16 << 10));
    // Column values: large, already compressed (or deliberately not) by the table's codec.
    columnValueOptions =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setWriteBufferSize(64L << 20)
            .setTargetFileSizeBase(128L << 20)
            .setTableFormatConfig(tableConfig(64 << 10));
    // Files a bulk load writes for the column family: the family's own table format.
    columnFileOptions =
        new Options()
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setTableFormatConfig(tableConfig(64 << 10));
    envOptions = new EnvOptions();
    defaultFamilyOptions = new ColumnFamilyOptions();
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(create)
            .setCreateMissingColumnFamilies(true)
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
            // A rarely written family (the catalog) would otherwise pin old WAL files forever.
            .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(3)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
    appendWriteOptions = new WriteOptions().setSync(durability == Durability.SYNC);
    syncWriteOptions = new WriteOptions().setSync(true);
    syncOnClose = durability != Durability.SYNC;

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultFamilyOptions));
    for (Family family : Family.values()) {
      ColumnFamilyOptions options =
          family == Family.COLUMNS ? columnValueOptions : smallValueOptions;
      descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), options));
    }
    try {
      db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw openFailure(path, create, e);
    }
    open = true;
  }

  /**
   * Says why RocksDB did not open: corruption only when RocksDB reports corruption or a file of an
   * existing database is missing; otherwise its status and message as they are (a directory that
   * cannot be created or read, a full disk, a LOCK file another RocksDB holds), since none of those
   * means the data is damaged.
   */
  static StorageException openFailure(Path path, boolean create, RocksDBException e) {
    Status status = e.getStatus();
    Status.Code code = status == null ? null : status.getCode();
    String message = e.getMessage() == null ? "" : e.getMessage();
    String reported = code == null ? message : "(" + code.name() + ") " + message;
    if (code == Status.Code.Corruption) {
      return new CorruptStoreException(
          "data directory "
              + path.getParent()
              + " is corrupt: RocksDB could not open its database: "
              + reported,
          e);
    }
    boolean missingFile =
        code == Status.Code.IOError && message.contains("No such file or directory");
    if (!create && missingFile) {
      // The marker says a complete store is here, so a file its database needs went missing.
      return new CorruptStoreException(
          "data directory "
              + path.getParent()
              + " is corrupt: RocksDB could not open its database, a file of it is missing: "
              + reported,
          e);
    }
    String what = create ? "create" : "open";
    String because = "";
    if (code == Status.Code.IOError && message.contains("/LOCK")) {
      because =
          " because another RocksDB instance, in this process or another, holds its LOCK file";
    }
    return new StorageException(
        "data directory "
            + path.getParent()
            + ": RocksDB could not "
            + what
            + " its database at "
            + path
            + because
            + ": "
            + reported,
        e);
  }

  private BlockBasedTableConfig tableConfig(long blockSize) {
    return new BlockBasedTableConfig()
        .setBlockCache(blockCache)
        .setFilterPolicy(bloomFilter)
        .setBlockSize(blockSize);
  }

  /**
   * @param path the RocksDB directory
   * @param create whether to create the database if missing
   * @param durability when appends are acknowledged
   * @return the open database
   * @throws CorruptStoreException if RocksDB reports the database corrupt
   * @throws StorageException if RocksDB cannot open or create it for another reason, named
   */
  public static RocksDbDatabase open(Path path, boolean create, Durability durability) {
    return new RocksDbDatabase(path, create, durability);
  }

  /**
   * @return a fresh write batch; the caller closes it
   */
  public WriteBatch newBatch() {
    return new WriteBatch();
  }

  /**
   * @param family a column family
   * @return its handle, for building write batches
   */
  public ColumnFamilyHandle handle(Family family) {
    return handles.get(family.ordinal() + 1);
  }

  /**
   * Writes a batch atomically.
   *
   * @param batch the batch
   * @param catalogChange true to always fsync (catalog and metadata), false to follow durability
   * @param operation names the operation and table, for the error message
   * @throws StorageException if RocksDB fails
   */
  public void write(WriteBatch batch, boolean catalogChange, String operation) {
    Lock lock = readLock(operation);
    try {
      db.write(catalogChange ? syncWriteOptions : appendWriteOptions, batch);
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param family a column family
   * @param key the key
   * @param operation names the operation, for the error message
   * @return the value, or null if absent
   */
  public byte[] get(Family family, byte[] key, String operation) {
    Lock lock = readLock(operation);
    try {
      return db.get(handle(family), key);
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a writer of an SST file for the column-value family, for a bulk load that later hands the
   * file to {@link #ingest}. Keys must be put in increasing order.
   *
   * @param file where the file goes; it must not exist
   * @param operation names the load, for the error message
   * @return the open writer; the caller closes it
   */
  public SstFileWriter openColumnFile(Path file, String operation) {
    Lock lock = readLock(operation);
    SstFileWriter writer = new SstFileWriter(envOptions, columnFileOptions);
    try {
      writer.open(file.toString());
      return writer;
    } catch (RocksDBException e) {
      writer.close();
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves finished SST files into a column family in one step: their keys become visible together
   * (at a sequence number newer than every earlier write), and the files become part of the
   * database, never copied. Files must not overlap each other.
   *
   * @param family the column family the files were written for
   * @param files the files, each finished
   * @param operation names the load, for the error message
   */
  public void ingest(Family family, List<Path> files, String operation) {
    if (files.isEmpty()) {
      return;
    }
    Lock lock = readLock(operation);
    try (IngestExternalFileOptions options =
        new IngestExternalFileOptions().setMoveFiles(true).setAllowBlockingFlush(true)) {
      List<String> paths = new ArrayList<>();
      files.forEach(f -> paths.add(f.toString()));
      db.ingestExternalFile(handle(family), paths, options);
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads a key range of small values into memory: for the catalog and metadata, not for data.
   *
   * @param family a column family
   * @param from the first key, included
   * @param to the end key, excluded
   * @param operation names the operation, for the error message
   * @return the entries, keyed by their key bytes as ISO-8859-1 so ordering is byte order
   */
  public Map<String, byte[]> readRange(Family family, byte[] from, byte[] to, String operation) {
    Lock lock = readLock(operation);
    try (Slice upper = new Slice(to);
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator iterator = db.newIterator(handle(family), options)) {
      Map<String, byte[]> entries = new TreeMap<>();
      for (iterator.seek(from); iterator.isValid(); iterator.next()) {
        entries.put(new String(iterator.key(), StandardCharsets.ISO_8859_1), iterator.value());
      }
      iterator.status();
      return entries;
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param family a column family
   * @param from the first key of the range, included
   * @param to the end of the range, excluded
   * @param operation names the operation, for the error message
   * @return the greatest key in the range, or null if the range is empty
   */
  public byte[] lastKey(Family family, byte[] from, byte[] to, String operation) {
    Lock lock = readLock(operation);
    try (Slice lower = new Slice(from);
        Slice upper = new Slice(to);
        ReadOptions options =
            new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        RocksIterator iterator = db.newIterator(handle(family), options)) {
      iterator.seekToLast();
      if (iterator.isValid()) {
        return iterator.key();
      }
      iterator.status();
      return null;
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes the SST files that hold only keys of the given ranges, which range tombstones already
   * deleted. Files deleted this way vanish for every snapshot too, so only call this for ranges
   * that no open snapshot can still read: see {@link #reclaimWhenUnread}.
   *
   * @param family a column family
   * @param bounds pairs of range bounds: first key included, end key excluded
   * @param operation names the operation, for the error message
   */
  public void deleteFilesInRanges(Family family, List<byte[]> bounds, String operation) {
    Lock lock = readLock(operation);
    try {
      deleteFilesLocked(family, bounds, operation);
    } finally {
      lock.unlock();
    }
  }

  private void deleteFilesLocked(Family family, List<byte[]> bounds, String operation) {
    try {
      db.deleteFilesInRanges(handle(family), bounds, false);
    } catch (RocksDBException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Gives back the disk space of a table range that a write just deleted with range tombstones,
   * once no open snapshot can read it: at once if none is open, else when the last snapshot taken
   * before the deletion is released. Until then scans that were already open go on reading the
   * range; afterwards whole SST files of the range are deleted, and compaction takes the rest. Best
   * effort: what is not reclaimed here is reclaimed when the store is next opened, or by
   * compaction.
   *
   * @param from the first key of the range, included, in the chunk and column families
   * @param to the end of the range, excluded
   * @param operation names the operation that deleted the range
   */
  public void reclaimWhenUnread(byte[] from, byte[] to, String operation) {
    Lock lock = readLock(operation);
    try {
      synchronized (snapshots) {
        // Every snapshot at or after this sequence number sees the deletion.
        pendingReclaims.add(
            new PendingReclaim(db.getLatestSequenceNumber(), List.of(from, to), operation));
      }
      reclaimUnreadLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Runs the reclaims that no open snapshot can be hurt by; the caller holds the shared lock. */
  private void reclaimUnreadLocked() {
    List<PendingReclaim> ready = new ArrayList<>();
    synchronized (snapshots) {
      long oldest = Long.MAX_VALUE;
      for (RocksDbSnapshotReader reader : openReaders) {
        oldest = Math.min(oldest, reader.sequence());
      }
      for (Iterator<PendingReclaim> it = pendingReclaims.iterator(); it.hasNext(); ) {
        PendingReclaim pending = it.next();
        if (pending.sequence() <= oldest) {
          ready.add(pending);
          it.remove();
        }
      }
    }
    for (PendingReclaim pending : ready) {
      try {
        deleteFilesLocked(Family.COLUMNS, pending.bounds(), pending.operation());
        deleteFilesLocked(Family.CHUNKS, pending.bounds(), pending.operation());
      } catch (StorageException e) {
        // Nothing to undo: the rows are gone from every read already; compaction frees them.
      }
    }
  }

  /** A deleted range whose files wait for the snapshots older than {@code sequence} to close. */
  private record PendingReclaim(long sequence, List<byte[]> bounds, String operation) {}

  /**
   * Flushes every column family's memtable to SST files and compacts each family fully, so data
   * moves out of the memtable and level 0. For maintenance and for tests that need rows in SST
   * files (a memtable never loses keys to a file deletion).
   *
   * @param operation names the operation, for the error message
   */
  public void flushAndCompact(String operation) {
    Lock lock = readLock(operation);
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
      for (ColumnFamilyHandle handle : handles) {
        db.compactRange(handle);
      }
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param family a column family
   * @param operation names the operation, for the error message
   * @return the bytes of the family's live SST files (files no longer needed are not counted)
   */
  public long liveSstBytes(Family family, String operation) {
    Lock lock = readLock(operation);
    try {
      return db.getLongProperty(handle(family), "rocksdb.live-sst-files-size");
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a reader on a snapshot: every read through it sees the database as of now.
   *
   * @param operation names the scan, for error messages
   * @return the reader; the caller closes it (or {@link #close()} does)
   */
  public RocksDbSnapshotReader openSnapshotReader(String operation) {
    Lock lock = readLock(operation);
    try {
      // Taken and registered in one step, so a reclaim never misses a snapshot being taken.
      synchronized (snapshots) {
        RocksDbSnapshotReader reader = new RocksDbSnapshotReader(this, db, operation);
        openReaders.add(reader);
        return reader;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called by a reader that released its snapshot, with the database lock held. */
  void forget(RocksDbSnapshotReader reader) {
    synchronized (snapshots) {
      openReaders.remove(reader);
    }
    if (open) {
      reclaimUnreadLocked();
    }
  }

  /**
   * Takes the shared lock and checks the database is open; the caller unlocks.
   *
   * @param operation names the operation, for the error message
   * @return the held lock
   */
  Lock readLock(String operation) {
    Lock lock = openLock.readLock();
    lock.lock();
    if (!open) {
      lock.unlock();
      throw new StorageException(operation + " failed: the store at " + path + " is closed");
    }
    return lock;
  }

  /**
   * @return the shared lock if the database is open, else null
   */
  Lock readLockIfOpen() {
    Lock lock = openLock.readLock();
    lock.lock();
    if (!open) {
      lock.unlock();
      return null;
    }
    return lock;
  }

  StorageException failure(String operation, RocksDBException e) {
    String status = e.getStatus() == null ? "" : " (" + e.getStatus().getCodeString() + ")";
    if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
      return new CorruptStoreException(
          operation + " failed: RocksDB at " + path + " reports corruption: " + e.getMessage(), e);
    }
    return new StorageException(
        operation + " failed in RocksDB at " + path + status + ": " + e.getMessage(), e);
  }

  /**
   * @return whether the database is open
   */
  public boolean isOpen() {
    return open;
  }

  /**
   * Closes the database: snapshot readers, then (under {@link Durability#OS_BUFFERED}) a WAL sync,
   * then column family handles, the database and the options. Every step runs even when an earlier
   * one failed, so a failed WAL sync never leaves RocksDB's own LOCK held by this process (the
   * store could not be opened again until exit); the first failure is thrown after all of them ran.
   *
   * @throws StorageException if the WAL sync or the close failed; the database is closed anyway
   */
  @Override
  public void close() {
    Lock lock = openLock.writeLock();
    lock.lock();
    try {
      if (!open) {
        return;
      }
      open = false;
      StorageException failure = null;
      try {
        // 1. Snapshot readers first: their iterators and snapshots point into the database.
        for (RocksDbSnapshotReader reader : List.copyOf(openReaders)) {
          reader.closeNative();
        }
        openReaders.clear();
      } catch (RuntimeException e) {
        failure = new StorageException("closing the store at " + path + " failed: " + e, e);
      }
      // 2. Make buffered WAL writes durable, so a clean shutdown loses nothing.
      if (syncOnClose) {
        try {
          walSync.sync(db);
        } catch (RocksDBException e) {
          failure = first(failure, failure("closing the store (WAL sync)", e));
        } catch (RuntimeException e) {
          failure =
              first(failure, new StorageException("closing the store at " + path + " failed", e));
        }
      }
      // 3. Column family handles before the database, as RocksDB requires.
      for (ColumnFamilyHandle handle : handles) {
        try {
          handle.close();
        } catch (RuntimeException e) {
          failure =
              first(failure, new StorageException("closing the store at " + path + " failed", e));
        }
      }
      // 4. The database itself, releasing its LOCK; closeE reports a failure instead of
      // swallowing it.
      try {
        db.closeE();
      } catch (RocksDBException e) {
        failure = first(failure, failure("closing the store", e));
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      // 5. Options, caches and filters last: the database used them until it closed.
      try {
        closeOptions();
      } finally {
        lock.unlock();
      }
    }
  }

  private static StorageException first(StorageException first, StorageException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** How close makes buffered WAL writes durable; replaceable so a test can make it fail. */
  interface WalSync {
    void sync(RocksDB db) throws RocksDBException;
  }

  private WalSync walSync = db -> db.flushWal(true);

  /**
   * @param sync replaces the WAL sync that close runs under OS_BUFFERED (tests only)
   */
  void walSyncForTests(WalSync sync) {
    this.walSync = sync;
  }

  private void closeOptions() {
    columnFileOptions.close();
    envOptions.close();
    appendWriteOptions.close();
    syncWriteOptions.close();
    dbOptions.close();
    defaultFamilyOptions.close();
    smallValueOptions.close();
    columnValueOptions.close();
    bloomFilter.close();
    blockCache.close();
  }
}
