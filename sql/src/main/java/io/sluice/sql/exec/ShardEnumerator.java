package io.sluice.sql.exec;

import io.sluice.sql.type.ValueReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Runs one shard task per shard and hands their batches to the coordinator as rows.
 *
 * <p>Tasks push batches into a bounded queue, so a large result streams with bounded memory; the
 * consumer converts one batch at a time. Closing the enumerator (end of results, LIMIT reached,
 * client cancel, failure) cancels the tasks, frees every batch still queued, closes the query's
 * allocator (which fails loudly on a leak) and records the execution in the query log.
 */
public final class ShardEnumerator implements Enumerator<Object[]> {
  private static final Object DONE = new Object();
  private static final long OFFER_WAIT_MILLIS = 50;

  private final ShardPlan plan;
  private final DataContext root;
  private final QueryStats stats = new QueryStats();
  private QueryContext query;
  private BufferAllocator allocator;
  private BlockingQueue<Object> queue;
  private Future<?>[] tasks;
  private final AtomicInteger running = new AtomicInteger();
  private int finished;
  private int shards;
  private long id;
  private Instant started;
  private long startNanos;
  private String outcome = "ok";

  /**
   * With a partial aggregation, each task's outputs wait here and reach the queue in shard order,
   * so the coordinator merges partial states in the same order every run: floating-point sums do
   * not depend on which shard finished first (TPC-H Q15 compares two evaluations of one SUM).
   */
  private List<VectorSchemaRoot>[] held;

  private boolean[] complete;

  private int released;

  private VectorSchemaRoot batch;
  private ValueReader[] readers;
  private int row;
  private Object[] current;
  private boolean closed;
  private final List<DynamicFilter> filters = new ArrayList<>();

  /**
   * @param root the execution's data context (parameters, cancel flag)
   * @param plan the fragment to run on every shard
   */
  public ShardEnumerator(DataContext root, ShardPlan plan) {
    this.root = root;
    this.plan = plan;
  }

  /**
   * Adds a dynamic filter, which the shards apply to every batch they scan.
   *
   * @param filter the filter, over a scan column of the plan
   * @return whether it was added: false once the shards have started
   */
  public boolean addFilter(DynamicFilter filter) {
    if (queue != null || closed) {
      return false;
    }
    filters.add(filter);
    return true;
  }

  private void start() {
    ExecutionEnvironment environment = plan.environment();
    ScanSource.Splits splits = plan.source().open(environment);
    id = environment.queryLog().nextId();
    started = Instant.now();
    startNanos = System.nanoTime();
    allocator = environment.allocator().newChildAllocator("query-" + id, 0, Long.MAX_VALUE);
    query = new QueryContext(root, stats);
    int[] chosen;
    try {
      plan.pinFunctions(query);
      chosen = splits.candidates(plan.scanSpec(query, filters));
    } catch (RuntimeException e) {
      query.close();
      allocator.close();
      throw e;
    }
    shards = chosen.length;
    queue = new ArrayBlockingQueue<>(Math.max(4, shards * 2));
    tasks = new Future<?>[shards];
    running.set(shards);
    if (plan.aggregate() != null) {
      @SuppressWarnings("unchecked")
      List<VectorSchemaRoot>[] lists = new List[shards];
      held = lists;
      complete = new boolean[shards];
    }
    for (int task = 0; task < shards; task++) {
      int t = task;
      int s = chosen[task];
      tasks[task] = environment.shardExecutor().submit(() -> runShard(splits, s, t));
    }
  }

  private void runShard(ScanSource.Splits splits, int shard, int task) {
    Object last = DONE;
    try {
      if (held == null) {
        new ShardFragment(plan, query, allocator, this::deliver, filters).run(splits, shard);
      } else {
        List<VectorSchemaRoot> outputs = new ArrayList<>();
        holdUntilReleased(task, outputs);
        new ShardFragment(plan, query, allocator, outputs::add, filters).run(splits, shard);
        releaseInOrder(task);
      }
    } catch (Throwable e) {
      query.cancel();
      last = e;
    } finally {
      running.decrementAndGet();
      put(last);
    }
  }

  private synchronized void holdUntilReleased(int task, List<VectorSchemaRoot> outputs) {
    held[task] = outputs;
  }

  /** Frees outputs never released: their query failed or stopped early. */
  private synchronized void closeHeld() {
    if (held == null) {
      return;
    }
    for (List<VectorSchemaRoot> outputs : held) {
      if (outputs != null) {
        outputs.forEach(VectorSchemaRoot::close);
      }
    }
    Arrays.fill(held, null);
  }

  /** Marks a task's outputs complete and queues every complete prefix of tasks, in order. */
  private synchronized void releaseInOrder(int task) {
    complete[task] = true;
    while (released < shards && complete[released]) {
      for (VectorSchemaRoot output : held[released]) {
        deliver(output);
      }
      held[released] = null;
      released++;
    }
  }

  private void deliver(VectorSchemaRoot output) {
    stats.addMoved(output.getRowCount(), Vectors.bytes(output.getFieldVectors()));
    if (!put(output)) {
      output.close();
    }
  }

  /** Queues an item unless the query is being torn down; returns whether it was queued. */
  private boolean put(Object item) {
    try {
      while (!queue.offer(item, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        if (closed) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    while (true) {
      if (batch != null && row < batch.getRowCount()) {
        Object[] values = new Object[readers.length];
        for (int c = 0; c < readers.length; c++) {
          values[c] = readers[c].read(row);
        }
        row++;
        current = values;
        return true;
      }
      releaseBatch();
      VectorSchemaRoot next = nextBatch();
      if (next == null) {
        return false;
      }
      batch = next;
      List<FieldVector> vectors = batch.getFieldVectors();
      readers = new ValueReader[vectors.size()];
      for (int c = 0; c < readers.length; c++) {
        readers[c] = ValueReader.of(vectors.get(c));
      }
      row = 0;
    }
  }

  /**
   * The shards' results a batch at a time, for the coordinator's vectorized operators. Starts the
   * shard tasks on the first call.
   *
   * @return the next batch, which the caller owns and closes, or null when every shard is done
   * @throws IllegalStateException when the statement was cancelled
   * @throws RuntimeException a shard task's failure
   */
  public VectorSchemaRoot nextBatch() {
    if (queue == null) {
      start();
    }
    while (true) {
      if (finished == shards) {
        if (query.cancelledByClient()) {
          outcome = "cancelled";
          throw new IllegalStateException("the statement was cancelled");
        }
        return null;
      }
      Object item = take();
      if (item == DONE) {
        finished++;
      } else if (item instanceof Throwable failure) {
        finished++;
        outcome = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        throw failure instanceof RuntimeException r ? r : new RuntimeException(failure);
      } else {
        return (VectorSchemaRoot) item;
      }
    }
  }

  private Object take() {
    try {
      while (true) {
        Object item = queue.poll(OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
        if (query.isCancelled() && running.get() == 0 && queue.isEmpty()) {
          outcome = "cancelled";
          throw new IllegalStateException("query cancelled");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      query.cancel();
      throw new IllegalStateException("interrupted while waiting for shard results", e);
    }
  }

  private void releaseBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
      readers = null;
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("shard results cannot be rewound");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (queue == null) {
      return;
    }
    if (finished < shards && "ok".equals(outcome)) {
      outcome = "cancelled";
    }
    query.cancel();
    releaseBatch();
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (Exception e) {
        // The task's own failure was already queued or the query is being abandoned.
      }
    }
    for (Object item; (item = queue.poll()) != null; ) {
      if (item instanceof VectorSchemaRoot root) {
        root.close();
      }
    }
    closeHeld();
    try {
      query.close();
    } finally {
      allocator.close();
      plan.environment()
          .queryLog()
          .add(
              new QueryLog.Entry(
                  id,
                  plan.sql(),
                  filters.isEmpty() ? plan.describe() : plan.describe() + ", dynamic=" + filters,
                  started,
                  System.nanoTime() - startNanos,
                  stats.snapshot(),
                  outcome));
    }
  }
}
