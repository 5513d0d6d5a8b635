package io.sluice.jobs.internal;

import io.sluice.jobs.JobException;
import io.sluice.jobs.JobHandle;
import io.sluice.jobs.JobInput;
import io.sluice.jobs.JobListener;
import io.sluice.jobs.JobSpec;
import io.sluice.jobs.JobState;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.TaskPhase;
import io.sluice.sql.SluiceEngine;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a job, from its queued record to its final one. A coordinator thread runs the
 * phases in order (input, map, reduce, publish); a pool of {@code parallelism} threads runs the
 * tasks of each phase; a ticker reports progress twice a second (to the listener, to the live
 * status file) and polls for a cancellation request from another process.
 *
 * <p>Guarantees, and where they come from: the output is published by one atomic catalog write that
 * also records the job SUCCEEDED ({@link Store#renameTable(String, String, boolean,
 * io.sluice.storage.MetadataBatch)}), so readers see all of it or none, and a job is never recorded
 * as succeeded without its output, nor the reverse. Anything else that ends the job (a task's
 * failure, a cancellation, an error of ours) drops its temporary tables after every task has
 * stopped, and records it FAILED or CANCELLED with the reason. A task that does not stop at all
 * (within the call timeout and 10 s of being interrupted) fails the job with an error naming it,
 * and the job's tables, memory, functions and engine are kept until that task ends.
 */
public final class JobRun implements JobHandle {
  private static final Duration TICK = Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  /**
   * Run on the coordinator right after the output is published, before anything else: for the tests
   * that kill a job's process at that point. A no-op otherwise.
   */
  static volatile Runnable afterPublishForTests = () -> {};

  private final SluiceEngine engine;
  private final JobRecords records;
  private final JobFiles files;
  private final JobSpec spec;
  private final long id;
  private final Instant createdAt;
  private final Schema inputSchema;
  private final JobPlan plan;
  private final ResolvedFunction map;
  private final ResolvedFunction combine;
  private final ResolvedFunction reduce;
  private final JobListener listener;
  private final Runnable onEnd;
  private final long pid = ProcessHandle.current().pid();

  private final List<TaskCounters> tasks = new CopyOnWriteArrayList<>();
  private final TaskScheduler scheduler;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile JobState state = JobState.QUEUED;
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile String error;
  private volatile boolean publishing;
  private volatile long outputRows;

  /**
   * @param engine the engine of the store
   * @param records the store's job records
   * @param files the live status and cancel files
   * @param queued the job's first record
   * @param inputSchema the input's columns
   * @param plan the checked plan
   * @param map the map function
   * @param combine the combine function, or null
   * @param reduce the reduce function
   * @param listener told the progress
   * @param onEnd run once the job is final and every one of its tasks has ended: it may release
   *     what the tasks used
   */
  public JobRun(
      SluiceEngine engine,
      JobRecords records,
      JobFiles files,
      JobStatus queued,
      Schema inputSchema,
      JobPlan plan,
      ResolvedFunction map,
      ResolvedFunction combine,
      ResolvedFunction reduce,
      JobListener listener,
      Runnable onEnd) {
    this.engine = engine;
    this.records = records;
    this.files = files;
    this.spec = queued.spec();
    this.id = queued.id();
    this.createdAt = queued.createdAt();
    this.inputSchema = inputSchema;
    this.plan = plan;
    this.map = map;
    this.combine = combine;
    this.reduce = reduce;
    this.listener = listener;
    this.onEnd = onEnd;
    this.scheduler =
        new TaskScheduler(id, spec.parallelism(), TaskScheduler.stopTimeout(spec.callTimeout()));
  }

  /** Starts the coordinator thread. */
  public void start() {
    new TaskThreads("sluice-job-" + id).newThread(this::execute).start();
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public JobStatus status() {
    return new JobStatus(
        id,
        spec,
        state,
        createdAt,
        startedAt,
        finishedAt,
        tasks.stream().map(TaskCounters::snapshot).toList(),
        error,
        outputRows,
        pid);
  }

  @Override
  public void cancel() {
    cancel("cancelled on request");
  }

  @Override
  public void cancel(String reason) {
    synchronized (lifecycle) {
      if (state.isFinal() || publishing) {
        return;
      }
      scheduler.cancel(reason);
    }
  }

  @Override
  public JobStatus await() throws InterruptedException {
    finished.await();
    JobStatus last = status();
    if (last.state() != JobState.SUCCEEDED) {
      throw new JobException(last);
    }
    return last;
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void execute() {
    Store store = engine.store();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(new TaskThreads("sluice-job-" + id + "-ticker"));
    BufferAllocator allocator = null;
    TaskScheduler.TasksNotStoppedException stuck = null;
    try {
      allocator = engine.allocator().newChildAllocator("job " + id, 0, Long.MAX_VALUE);
      state = JobState.RUNNING;
      startedAt = JobClock.now();
      records.put(status());
      ticker.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
      Table input = input(store);
      Table shuffle =
          store.createTable(temporary(TemporaryTables.shuffle(id), plan.shuffleSchema()));
      Table staging = store.createTable(temporary(TemporaryTables.output(id), plan.outputSchema()));
      mapPhase(input, shuffle, allocator);
      records.put(status());
      reducePhase(shuffle, staging, allocator);
      publish(store, staging);
    } catch (TaskScheduler.TasksNotStoppedException e) {
      stuck = e;
      end(e);
    } catch (Throwable e) {
      end(e);
    } finally {
      stopTicker(ticker);
    }
    if (stuck == null) {
      cleanUp(store, allocator);
      finish(true);
      return;
    }
    // A task still runs: dropping its tables, closing its memory or releasing the engine under it
    // could corrupt what it writes or crash the process. Say so loudly, report the job FAILED to
    // its waiters now, and clean up only once the task has really ended.
    LOG.error("job {} failed and left a task running: {}", id, error);
    finish(false);
    TaskScheduler.TasksNotStoppedException waiting = stuck;
    BufferAllocator held = allocator;
    new TaskThreads("sluice-job-" + id + "-cleanup")
        .newThread(
            () -> {
              try {
                waiting.awaitStopped();
              } catch (InterruptedException e) {
                return; // left to the next open of the store
              }
              LOG.warn("job {}: its last task stopped; removing its temporary data", id);
              cleanUp(store, held);
              onEnd.run();
            })
        .start();
  }

  /** Drops what the job leaves behind and frees its memory: every task has ended. */
  private void cleanUp(Store store, BufferAllocator allocator) {
    try {
      if (state != JobState.SUCCEEDED) {
        TemporaryTables.drop(store, id);
      } else {
        // Published: what is left is scratch data, and a crash here leaves it to recovery.
        store.dropTableIfExists(TemporaryTables.input(id));
        store.dropTableIfExists(TemporaryTables.shuffle(id));
      }
    } catch (RuntimeException e) {
      // The job's outcome is recorded already; the next open of the store removes these.
    }
    if (allocator != null) {
      try {
        allocator.close();
      } catch (RuntimeException e) {
        // Closing the job's allocator found Arrow memory still held: a bug of ours. The outcome
        // is recorded already and stands; say so where an operator looks.
        LOG.warn("job {} ended {} but leaked Arrow memory: {}", id, state, e.getMessage());
      }
    }
  }

  private Table input(Store store) throws Exception {
    if (spec.input().kind() == JobInput.Kind.TABLE) {
      return InputTables.find(store, spec.input().text());
    }
    return QueryInput.materialize(
        store,
        engine.directory(),
        spec.input().text(),
        inputSchema,
        TemporaryTables.input(id),
        spec.parallelism());
  }

  private TableDefinition temporary(String name, Schema schema) {
    return TableDefinition.builder(name, schema)
        .shards(spec.parallelism())
        .distributedBy(plan.keyColumn())
        .build();
  }

  private void mapPhase(Table input, Table shuffle, BufferAllocator allocator)
      throws InterruptedException {
    int shards = input.shardCount();
    long expected = (input.rowCount() + shards - 1) / shards;
    List<Runnable> work = new ArrayList<>();
    List<TaskCounters> counters = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      TaskCounters c = new TaskCounters(TaskPhase.MAP, shard, expected);
      counters.add(c);
      int s = shard;
      work.add(
          scheduler.task(
              c,
              allocator,
              child ->
                  new MapTask(input, s, plan, map, combine, shuffle, child, c, scheduler).run()));
    }
    List<TaskCounters> reducers = new ArrayList<>();
    for (int partition = 0; partition < spec.parallelism(); partition++) {
      reducers.add(new TaskCounters(TaskPhase.REDUCE, partition, 0));
    }
    tasks.addAll(counters);
    tasks.addAll(reducers);
    scheduler.runAll(work);
  }

  private void reducePhase(Table shuffle, Table staging, BufferAllocator allocator)
      throws InterruptedException {
    List<TaskCounters> reducers =
        tasks.stream().filter(t -> t.snapshot().phase() == TaskPhase.REDUCE).toList();
    long expected = (shuffle.rowCount() + reducers.size() - 1) / reducers.size();
    List<Runnable> work = new ArrayList<>();
    for (TaskCounters c : reducers) {
      c.expect(expected);
      int partition = c.snapshot().index();
      work.add(
          scheduler.task(
              c,
              allocator,
              child ->
                  new ReduceTask(shuffle, partition, plan, reduce, staging, child, c, scheduler)
                      .run()));
    }
    scheduler.runAll(work);
  }

  private void publish(Store store, Table staging) {
    synchronized (lifecycle) {
      scheduler.checkContinue();
      publishing = true;
    }
    outputRows = staging.rowCount();
    Instant now = JobClock.now();
    JobStatus succeeded =
        new JobStatus(
            id,
            spec,
            JobState.SUCCEEDED,
            createdAt,
            startedAt,
            now,
            tasks.stream().map(TaskCounters::snapshot).toList(),
            null,
            outputRows,
            pid);
    try {
      store.renameTable(
          TemporaryTables.output(id),
          spec.output(),
          spec.replaceOutput(),
          records.putting(succeeded));
    } catch (TableExistsException e) {
      throw new IllegalStateException(
          "the output table "
              + spec.output()
              + " was created while the job ran; run it again with --replace to replace it",
          e);
    }
    afterPublishForTests.run();
    finishedAt = now;
    state = JobState.SUCCEEDED;
  }

  /** Records why the job ended without publishing. */
  private void end(Throwable e) {
    String failed = scheduler.failure();
    synchronized (lifecycle) {
      if (e instanceof TaskScheduler.TasksNotStoppedException) {
        state = JobState.FAILED; // whatever ended it first: its data is not cleaned up
        error = e.getMessage();
      } else if (failed == null && scheduler.cancelReason() != null) {
        state = JobState.CANCELLED;
        error = scheduler.cancelReason();
      } else {
        state = JobState.FAILED;
        error = failed != null ? failed : TaskScheduler.describe(e);
      }
      finishedAt = JobClock.now();
    }
    try {
      records.put(status());
    } catch (RuntimeException recordFailure) {
      error = error + " (and recording the job failed: " + recordFailure.getMessage() + ")";
    }
  }

  /**
   * Publishes the final status to the status file, the listener and the waiters.
   *
   * @param release whether every task has ended, so that the job's functions and its hold on the
   *     engine can be released now; if not, the clean-up that waits for the tasks does it
   */
  private void finish(boolean release) {
    try {
      JobStatus last = status();
      files.finish(last);
      listener.onProgress(last);
    } catch (RuntimeException e) {
      // A listener's failure cannot change the job's outcome.
    } finally {
      // Before waiters wake: once await returns, the job is no longer listed as running here.
      try {
        if (release) {
          onEnd.run();
        }
      } finally {
        finished.countDown();
      }
    }
  }

  private void tick() {
    try {
      JobStatus now = status();
      if (now.state().isFinal()) {
        return;
      }
      files.writeStatus(now);
      if (files.cancelRequested(id)) {
        cancel("cancelled by `sluice job cancel` from another process");
      }
      listener.onProgress(now);
    } catch (RuntimeException e) {
      // Progress is best effort; the job does not depend on it.
    }
  }

  private static void stopTicker(ScheduledExecutorService ticker) {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
