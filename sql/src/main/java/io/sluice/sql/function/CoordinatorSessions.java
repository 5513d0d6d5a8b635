package io.sluice.sql.function;

import io.sluice.udf.UdfSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.calcite.DataContext;

/**
 * Sandbox sessions for wasm calls that run on the coordinator, row by row inside Calcite's
 * operators (where a query could not push them to the shards).
 *
 * <p>A session holds one sandbox instance for one query: reusing it between queries would let one
 * query see another's data. Calcite's generated code knows its query only by its {@link
 * DataContext}, so each thread keeps the sessions of the query it last ran; they are closed (the
 * instance reset and pooled) when the thread starts another query, or by a sweeper once the thread
 * has been idle for {@link #IDLE_MILLIS}.
 */
final class CoordinatorSessions {
  /** How long a thread's sessions may sit unused before the sweeper returns them. */
  static final long IDLE_MILLIS = 2000;

  private static final ThreadLocal<Holder> CURRENT = new ThreadLocal<>();
  private static final Set<Holder> HOLDERS = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService SWEEPER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sluice-session-sweeper");
            thread.setDaemon(true);
            return thread;
          });

  static {
    SWEEPER.scheduleWithFixedDelay(CoordinatorSessions::sweep, 1, 1, TimeUnit.SECONDS);
  }

  private CoordinatorSessions() {}

  /**
   * Runs {@code work} with this thread's session of a function for the query of {@code root}.
   *
   * @param root the running query's context
   * @param version the function
   * @param work what to do with the session
   * @param <T> what it returns
   * @return its result
   */
  static <T> T with(DataContext root, WasmFunctionVersion version, Function<UdfSession, T> work) {
    Holder holder = CURRENT.get();
    if (holder == null || holder.root != root) {
      if (holder != null) {
        holder.close();
      }
      holder = new Holder(root);
      CURRENT.set(holder);
      HOLDERS.add(holder);
    }
    synchronized (holder) {
      if (holder.closed) {
        holder.closed = false;
        HOLDERS.add(holder);
      }
      holder.lastUsed = System.currentTimeMillis();
      UdfSession session = holder.sessions.get(version);
      if (session == null) {
        if (!version.retain()) {
          throw new IllegalStateException(
              "function "
                  + version.name()
                  + " was replaced or dropped; prepare the statement again");
        }
        try {
          session = version.function().session();
        } catch (RuntimeException e) {
          version.release();
          throw e;
        }
        holder.sessions.put(version, session);
      }
      return work.apply(session);
    }
  }

  private static void sweep() {
    long now = System.currentTimeMillis();
    for (Holder holder : HOLDERS) {
      synchronized (holder) {
        if (!holder.closed && now - holder.lastUsed > IDLE_MILLIS) {
          holder.close();
        }
      }
    }
  }

  /** The sessions of one query on one thread. */
  private static final class Holder {
    final DataContext root;
    final Map<WasmFunctionVersion, UdfSession> sessions = new LinkedHashMap<>();
    long lastUsed = System.currentTimeMillis();
    boolean closed;

    Holder(DataContext root) {
      this.root = root;
    }

    synchronized void close() {
      for (Map.Entry<WasmFunctionVersion, UdfSession> entry : sessions.entrySet()) {
        try {
          entry.getValue().close();
        } finally {
          entry.getKey().release();
        }
      }
      sessions.clear();
      closed = true;
      HOLDERS.remove(this);
    }
  }
}
