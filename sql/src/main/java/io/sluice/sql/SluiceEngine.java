package io.sluice.sql;

import io.sluice.sql.catalog.SystemSchema;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.exec.QueryLog;
import io.sluice.storage.Store;
import io.sluice.storage.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Everything one data directory needs at run time, shared by all connections to it in a process:
 * the store, the memory allocator, the pool that runs shard tasks and the query log.
 */
public final class SluiceEngine implements ExecutionEnvironment, AutoCloseable {
  private final Path directory;
  private final Store store;
  private final RootAllocator allocator;
  private final ExecutorService shardExecutor;
  private final QueryLog queryLog = new QueryLog();

  private SluiceEngine(Path directory, Store store) {
    this.directory = directory;
    this.store = store;
    this.allocator = new RootAllocator(Long.MAX_VALUE);
    // Shard tasks block while their consumer is slow (bounded queues); a cached pool never lets a
    // blocked task starve the tasks another operator of the same query is waiting for.
    this.shardExecutor = Executors.newCachedThreadPool(new ShardThreads());
  }

  /**
   * Opens (creating if needed) the store in a directory.
   *
   * @param directory the data directory
   * @param options how to open the store
   * @return the engine
   * @throws io.sluice.storage.StorageException if the store cannot be opened, e.g. it is in use
   */
  public static SluiceEngine open(Path directory, StoreOptions options) {
    return new SluiceEngine(directory, Store.open(directory, options));
  }

  /**
   * @return the data directory
   */
  public Path directory() {
    return directory;
  }

  @Override
  public Store store() {
    return store;
  }

  @Override
  public ExecutorService shardExecutor() {
    return shardExecutor;
  }

  @Override
  public BufferAllocator allocator() {
    return allocator;
  }

  @Override
  public QueryLog queryLog() {
    return queryLog;
  }

  /**
   * Adds the engine's schemas to a new connection's root schema: {@code sys} (system tables) next
   * to the {@code sluice} schema of tables.
   *
   * @param root the connection's root schema
   * @param connection the connection
   */
  public void attach(SchemaPlus root, CalciteConnection connection) {
    SchemaPlus sys = root.add(SystemSchema.NAME, new SystemSchema(this));
    sys.setCacheEnabled(false);
  }

  /**
   * @param table a table
   * @return the planner's estimate of its rows
   */
  public double estimatedRowCount(String table) {
    return store.findTable(table).map(t -> (double) Math.max(1, t.rowCount())).orElse(100.0);
  }

  /**
   * Closes the pool, the store and the allocator, in that order: no task may run once the store is
   * closed, and the allocator checks last that every query released its memory.
   */
  @Override
  public void close() {
    shardExecutor.shutdownNow();
    try {
      shardExecutor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.close();
    } finally {
      allocator.close();
    }
  }

  /** Names shard threads and makes them daemons, so a forgotten engine never blocks JVM exit. */
  private static final class ShardThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "sluice-shard-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
