package io.sluice.sql.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;

/**
 * One running query, shared by its shard tasks: bound parameters, statistics, cancellation, and
 * resources that live as long as the query (such as the sandbox instances its wasm calls lease, one
 * per function and thread, returned when the query ends).
 */
public final class QueryContext implements AutoCloseable {
  private final DataContext dataContext;
  private final QueryStats stats;
  private final Map<Object, AutoCloseable> resources = new ConcurrentHashMap<>();
  private volatile boolean cancelled;

  /**
   * @param dataContext Calcite's context of the execution (parameters, cancel flag)
   * @param stats where the query's statistics accumulate
   */
  public QueryContext(DataContext dataContext, QueryStats stats) {
    this.dataContext = dataContext;
    this.stats = stats;
  }

  /**
   * @param index the 0-based parameter index
   * @param type the parameter's SQL type
   * @return its bound value in lane representation, or null
   */
  public Object parameter(int index, ExprType type) {
    return LaneValues.of(dataContext.get("?" + index), type);
  }

  /**
   * @return the query's statistics
   */
  public QueryStats stats() {
    return stats;
  }

  /** Asks every shard task to stop at its next batch. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * @return whether the query was cancelled (by the client or because a task failed)
   */
  public boolean isCancelled() {
    return cancelled || cancelledByClient();
  }

  /**
   * @return whether the client cancelled the statement (JDBC {@code Statement.cancel})
   */
  public boolean cancelledByClient() {
    Object flag = dataContext.get(DataContext.Variable.CANCEL_FLAG.camelName);
    return flag instanceof java.util.concurrent.atomic.AtomicBoolean b && b.get();
  }

  /**
   * Returns the query's resource under {@code key}, creating it on first use.
   *
   * @param key identifies the resource, e.g. a function version and a thread
   * @param factory creates it
   * @param <T> its type
   * @return the resource, closed when the query ends
   */
  @SuppressWarnings("unchecked")
  public <T extends AutoCloseable> T resource(Object key, Supplier<T> factory) {
    return (T) resources.computeIfAbsent(key, k -> factory.get());
  }

  @Override
  public void close() {
    List<Exception> failures = new ArrayList<>();
    for (AutoCloseable resource : resources.values()) {
      try {
        resource.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    resources.clear();
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException("releasing the query's resources");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }
}
