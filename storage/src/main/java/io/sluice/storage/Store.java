package io.sluice.storage;

import io.sluice.storage.internal.Catalog;
import io.sluice.storage.internal.DataDirectory;
import io.sluice.storage.internal.DirectoryLock;
import io.sluice.storage.internal.LoadWriter;
import io.sluice.storage.internal.OpenCursors;
import io.sluice.storage.internal.RocksDbDatabase;
import io.sluice.storage.internal.RocksDbMetadataStore;
import io.sluice.storage.internal.TableState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A Sluice store: one data directory holding a catalog of sharded tables of Arrow column chunks in
 * one RocksDB database, plus generic durable metadata. Thread-safe.
 *
 * <p>One store at a time may have a directory open, across processes and within one: a second
 * {@link #open} fails with {@link StoreInUseException} naming the holder's pid. Close the store to
 * release the directory; closing also closes every cursor still open.
 */
public final class Store implements AutoCloseable {

  private final DataDirectory directory;
  private final DirectoryLock lock;
  private final RocksDbDatabase database;
  private final Catalog catalog;
  private final MetadataStore metadata;
  private final ExecutorService scanPool;
  private final OpenCursors openCursors = new OpenCursors();
  private final Set<TableLoad> openLoads = ConcurrentHashMap.newKeySet();
  private final StoreOptions options;
  private volatile boolean closed;

  private Store(
      DataDirectory directory,
      DirectoryLock lock,
      RocksDbDatabase database,
      Catalog catalog,
      StoreOptions options) {
    this.directory = directory;
    this.lock = lock;
    this.database = database;
    this.catalog = catalog;
    this.options = options;
    this.metadata = new RocksDbMetadataStore(database);
    this.scanPool = Executors.newFixedThreadPool(options.scanThreads(), new ScanThreads());
  }

  /**
   * Opens the store in a directory with default options, creating it if the directory is missing or
   * empty.
   *
   * @param directory the data directory
   * @return the open store
   * @throws StoreInUseException if another store has the directory open
   * @throws NotAStoreException if the directory holds something other than a Sluice store
   * @throws IncompatibleStoreException if it holds a store of another format version
   * @throws CorruptStoreException if the store cannot be read
   */
  public static Store open(Path directory) {
    return open(directory, StoreOptions.defaults());
  }

  /**
   * Opens the store in a directory.
   *
   * @param directory the data directory
   * @param options durability, scan threads, whether to create
   * @return the open store
   * @throws StoreInUseException if another store has the directory open
   * @throws NotAStoreException if the directory holds something other than a Sluice store, or is
   *     missing and creation was not asked for
   * @throws IncompatibleStoreException if it holds a store of another format version
   * @throws CorruptStoreException if the store cannot be read
   */
  public static Store open(Path directory, StoreOptions options) {
    DataDirectory.inspect(directory, options.createIfMissing());
    DirectoryLock lock = DirectoryLock.acquire(directory.toAbsolutePath().normalize());
    try {
      // Inspect again under the lock: another process may have finished creating it meanwhile.
      DataDirectory checked = DataDirectory.inspect(directory, options.createIfMissing());
      boolean creating = !checked.exists();
      RocksDbDatabase database =
          RocksDbDatabase.open(checked.rocksDbPath(), creating, options.durability());
      try {
        Catalog catalog = Catalog.load(database, creating);
        if (creating) {
          checked.markCreated();
        }
        // The catalog deleted what unfinished loads wrote; their staging files go too.
        LoadWriter.deleteTree(checked.root().resolve(LOADS_DIRECTORY));
        return new Store(checked, lock, database, catalog, options);
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * @return the data directory, absolute
   */
  public Path directory() {
    return directory.root();
  }

  /**
   * @return the options the store was opened with
   */
  public StoreOptions options() {
    return options;
  }

  /**
   * Creates a table; the catalog change is fsynced before this returns.
   *
   * @param definition the table
   * @return the new, empty table
   * @throws TableExistsException if a table of that name exists
   */
  public Table createTable(TableDefinition definition) {
    checkOpen();
    return new Table(this, catalog.create(definition));
  }

  /** Where bulk loads keep their staging files, under the data directory. */
  static final String LOADS_DIRECTORY = "loads";

  /**
   * Starts a bulk load that creates a table when it commits: the table appears, with every row of
   * the load, in one atomic write, or (on failure, close without commit, or a crash) not at all.
   *
   * @param definition the table to create
   * @param replace whether the commit replaces a table of that name in the same write (otherwise
   *     the commit fails with {@link TableExistsException} if one exists by then)
   * @param allocator the parent of the load's memory
   * @return the load; close it
   * @throws TableExistsException if a table of that name exists and {@code replace} is false
   */
  public TableLoad loadNewTable(
      TableDefinition definition, boolean replace, BufferAllocator allocator) {
    checkOpen();
    if (!replace && catalog.find(definition.name()).isPresent()) {
      throw new TableExistsException(definition.name());
    }
    return track(
        new TableLoad(
            this,
            LoadWriter.creating(
                catalog,
                database,
                definition,
                replace,
                directory.root().resolve(LOADS_DIRECTORY),
                allocator)));
  }

  TableLoad load(io.sluice.storage.internal.TableState state, BufferAllocator allocator) {
    checkOpen();
    return track(
        new TableLoad(
            this,
            LoadWriter.into(
                catalog, database, state, directory.root().resolve(LOADS_DIRECTORY), allocator)));
  }

  private TableLoad track(TableLoad load) {
    openLoads.add(load);
    return load;
  }

  void forget(TableLoad load) {
    openLoads.remove(load);
  }

  /**
   * @param name a table name
   * @return the table
   * @throws TableNotFoundException if there is no such table
   */
  public Table table(String name) {
    checkOpen();
    return new Table(this, catalog.get(name));
  }

  /**
   * @param name a table name
   * @return the table, or empty if there is none
   */
  public Optional<Table> findTable(String name) {
    checkOpen();
    return catalog.find(name).map(state -> new Table(this, state));
  }

  /**
   * @return the names of all tables, sorted
   */
  public List<String> tableNames() {
    checkOpen();
    return catalog.names();
  }

  /**
   * Drops a table and all its rows in one atomic, fsynced write. Scans already open go on reading
   * their snapshot; further appends and scans through old {@link Table} handles fail.
   *
   * @param name a table name
   * @throws TableNotFoundException if there is no such table
   */
  public void dropTable(String name) {
    if (!dropTableIfExists(name)) {
      throw new TableNotFoundException(name, "does not exist");
    }
  }

  /**
   * @param name a table name
   * @return whether the table existed and was dropped
   */
  public boolean dropTableIfExists(String name) {
    checkOpen();
    return catalog.drop(name);
  }

  /**
   * Renames a table in one atomic, fsynced catalog write. The rows do not move: the table keeps its
   * id and chunks. Handles on the old name fail from then on ("was renamed to ...").
   *
   * @param from the table's name
   * @param to the new name
   * @throws TableNotFoundException if there is no table {@code from}
   * @throws TableExistsException if a table {@code to} exists
   * @throws IllegalArgumentException if the names are equal or {@code to} is not a valid name
   */
  public void renameTable(String from, String to) {
    renameTable(from, to, false, new MetadataBatch());
  }

  /**
   * Renames a table and, in the same atomic, fsynced write, optionally drops the table that had the
   * new name and applies metadata changes. This is how a layer above publishes a table it filled
   * under a hidden name: after a crash, either the new table is visible under its name (the
   * replaced one gone, the metadata changed) or nothing of it happened. Scans already open on a
   * replaced table go on reading their snapshot.
   *
   * @param from the table's name
   * @param to the new name
   * @param replace whether a table named {@code to} is dropped in the same write
   * @param metadata metadata changes to write in the same batch (may be empty)
   * @throws TableNotFoundException if there is no table {@code from}
   * @throws TableExistsException if a table {@code to} exists and {@code replace} is false
   * @throws IllegalArgumentException if the names are equal or {@code to} is not a valid name
   */
  public void renameTable(String from, String to, boolean replace, MetadataBatch metadata) {
    checkOpen();
    catalog.rename(from, to, replace, metadata);
  }

  /**
   * @return the generic durable metadata of this store
   */
  public MetadataStore metadata() {
    checkOpen();
    return metadata;
  }

  /**
   * @return bytes the data directory takes on disk now (RocksDB files, logs and markers)
   */
  public long diskBytes() {
    try (Stream<Path> files = Files.walk(directory.root())) {
      return files.filter(Files::isRegularFile).mapToLong(Store::sizeOf).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // a file RocksDB deleted while we walked
    }
  }

  RocksDbDatabase database() {
    return database;
  }

  ExecutorService scanPool() {
    return scanPool;
  }

  OpenCursors openCursors() {
    return openCursors;
  }

  void checkOpen() {
    if (closed) {
      throw new StorageException("the store at " + directory.root() + " is closed");
    }
  }

  /**
   * Closes open cursors, the scan pool and RocksDB (syncing the WAL under {@link
   * Durability#OS_BUFFERED}), then releases the directory. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // Cursors first: their shard tasks run on the pool and read through the database.
      openCursors.closeAll();
      // Loads not committed are abandoned; their staging files are deleted.
      for (TableLoad load : List.copyOf(openLoads)) {
        try {
          load.close();
        } catch (RuntimeException e) {
          // The next open deletes whatever is left of it.
        }
      }
    } finally {
      scanPool.shutdownNow();
      try {
        database.close();
      } finally {
        lock.close();
      }
    }
  }

  /** Names the scan threads and makes them daemons, so a forgotten store never blocks exit. */
  private static final class ScanThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "sluice-scan-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /**
   * @return the table states, for {@link Table}
   */
  TableState state(String name) {
    return catalog.get(name);
  }
}
