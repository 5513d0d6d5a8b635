package io.sluice.sql;

import io.sluice.sql.catalog.FunctionTables;
import io.sluice.sql.catalog.SystemSchema;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.exec.QueryLog;
import io.sluice.sql.function.FunctionCatalog;
import io.sluice.sql.stats.StatisticsCatalog;
import io.sluice.storage.Store;
import io.sluice.storage.StoreOptions;
import io.sluice.udf.UdfRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
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
  private final UdfRuntime runtime;
  private final FunctionCatalog functions;
  private final StatisticsCatalog statistics;

  private SluiceEngine(Path directory, Store store) {
    this.directory = directory;
    this.store = store;
    this.allocator = new RootAllocator(Long.MAX_VALUE);
    this.runtime = UdfRuntime.builder().cacheDirectory(compileCache(store)).build();
    this.functions = new FunctionCatalog(store.metadata(), runtime);
    this.statistics = new StatisticsCatalog(store.metadata());
    // Shard tasks block while their consumer is slow (bounded queues); a cached pool never lets a
    // blocked task starve the tasks another operator of the same query is waiting for.
    this.shardExecutor = Executors.newCachedThreadPool(new ShardThreads());
  }

  /**
   * Where compiled modules are cached across restarts: {@code <data>/wasm-cache}, or the directory
   * named by the system property {@code sluice.wasm.cache} (to share one cache among stores).
   */
  private static Path compileCache(Store store) {
    String shared = System.getProperty("sluice.wasm.cache");
    return shared != null ? Path.of(shared) : store.directory().resolve("wasm-cache");
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
    Store store = Store.open(directory, options);
    SluiceEngine engine;
    try {
      engine = new SluiceEngine(directory, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      for (EngineListener listener : LISTENERS) {
        listener.opened(engine);
      }
    } catch (RuntimeException e) {
      try {
        engine.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return engine;
  }

  /** What other modules on the class path want to know of engines opening and closing. */
  private static final List<EngineListener> LISTENERS =
      ServiceLoader.load(EngineListener.class).stream().map(ServiceLoader.Provider::get).toList();

  /**
   * @return the durable catalog of wasm functions
   */
  public FunctionCatalog functions() {
    return functions;
  }

  /**
   * @return the sandbox that runs wasm functions
   */
  public UdfRuntime runtime() {
    return runtime;
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
   * @return what to run when the connection closes
   */
  public Runnable attach(SchemaPlus root, CalciteConnection connection) {
    SystemSchema system = new SystemSchema(this, connection);
    system.add("functions", FunctionTables.functions(functions));
    system.add("function_stats", FunctionTables.stats(functions));
    SchemaPlus sys = root.add(SystemSchema.NAME, system);
    sys.setCacheEnabled(false);
    return system::detach;
  }

  /**
   * @return the tables' statistics, for the planner and {@code ANALYZE}
   */
  public StatisticsCatalog statistics() {
    return statistics;
  }

  /**
   * @param table a table
   * @return the planner's estimate of its rows
   */
  public double estimatedRowCount(String table) {
    return store.findTable(table).map(t -> (double) Math.max(1, t.rowCount())).orElse(100.0);
  }

  /**
   * Closes the pool, the functions, the sandbox, the store and the allocator, in that order: no
   * task may run once the store is closed, and the allocator checks last that every query released
   * its memory.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (EngineListener listener : LISTENERS) {
      try {
        listener.closing(this);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      closeResources();
    } catch (RuntimeException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      throw e;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeResources() {
    shardExecutor.shutdownNow();
    try {
      shardExecutor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      functions.close();
      runtime.close();
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
