package io.sluice.jobs;

import io.sluice.jobs.internal.FunctionResolver;
import io.sluice.jobs.internal.InputTables;
import io.sluice.jobs.internal.JobClock;
import io.sluice.jobs.internal.JobFiles;
import io.sluice.jobs.internal.JobPlan;
import io.sluice.jobs.internal.JobRecords;
import io.sluice.jobs.internal.JobRun;
import io.sluice.jobs.internal.QueryInput;
import io.sluice.jobs.internal.ResolvedFunction;
import io.sluice.jobs.internal.TemporaryTables;
import io.sluice.sql.EngineRegistry;
import io.sluice.sql.SluiceEngine;
import io.sluice.storage.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The jobs of one store, as seen from the process that has it open: start jobs, list them with
 * their durable records, cancel the ones running here. One per engine ({@link #of}).
 *
 * <p>Getting it the first time after the store was opened recovers from a process that stopped
 * while it ran jobs: every job still recorded QUEUED or RUNNING is marked FAILED ("the process
 * running it stopped"), and every temporary table of a job that is not running is dropped. Since a
 * store is open in one process at a time, no such job can still be running anywhere.
 */
public final class Jobs {
  /**
   * One per data directory whose engine is open. An entry goes when its engine closes, as its last
   * {@link Sluice} closes or its last job ends ({@link #forgetIfClosed}), so that a closed engine
   * (its store, its allocator, its function sandboxes) is not kept reachable from here; an engine
   * closed by its own opener is forgotten at the next {@link #of}.
   */
  private static final Map<Path, Jobs> BY_DIRECTORY = new HashMap<>();

  private final SluiceEngine engine;
  private final JobRecords records;
  private final JobFiles files;
  private final Map<Long, JobRun> running = new ConcurrentHashMap<>();
  private final List<Long> recovered = new ArrayList<>();

  private Jobs(SluiceEngine engine) {
    this.engine = engine;
    this.records = new JobRecords(engine.store().metadata());
    this.files = new JobFiles(engine.directory());
    recover();
  }

  /**
   * @param engine an open engine
   * @return the jobs of its store
   */
  public static synchronized Jobs of(SluiceEngine engine) {
    BY_DIRECTORY.values().removeIf(Jobs::engineClosed);
    Jobs jobs = BY_DIRECTORY.get(engine.directory());
    if (jobs == null || jobs.engine != engine) {
      jobs = new Jobs(engine);
      BY_DIRECTORY.put(engine.directory(), jobs);
    }
    return jobs;
  }

  /**
   * Forgets the jobs of an engine if it is closed now: called when one of its users lets it go.
   *
   * @param engine an engine
   */
  static synchronized void forgetIfClosed(SluiceEngine engine) {
    Jobs jobs = BY_DIRECTORY.get(engine.directory());
    if (jobs != null && jobs.engine == engine && jobs.engineClosed()) {
      BY_DIRECTORY.remove(engine.directory());
    }
  }

  /**
   * Forgets the jobs of an engine that is closing.
   *
   * @param engine an engine
   */
  static synchronized void forget(SluiceEngine engine) {
    Jobs jobs = BY_DIRECTORY.get(engine.directory());
    if (jobs != null && jobs.engine == engine) {
      BY_DIRECTORY.remove(engine.directory());
    }
  }

  /**
   * @return the data directories whose jobs are kept here, for the tests
   */
  static synchronized Set<Path> registered() {
    return Set.copyOf(BY_DIRECTORY.keySet());
  }

  /** An engine's close shuts its shard pool down first: the one sign of it an engine gives. */
  private boolean engineClosed() {
    return engine.shardExecutor().isShutdown();
  }

  private void recover() {
    Instant now = JobClock.now();
    for (JobStatus job : records.list()) {
      if (!job.state().isFinal()) {
        records.put(
            new JobStatus(
                job.id(),
                job.spec(),
                JobState.FAILED,
                job.createdAt(),
                job.startedAt(),
                now,
                job.tasks(),
                "the process running it (pid "
                    + job.pid()
                    + ") stopped before the job finished; nothing was published, and its"
                    + " temporary data was removed when the store was next opened",
                0,
                job.pid()));
        recovered.add(job.id());
      }
    }
    TemporaryTables.dropAllBut(engine.store(), Set.of());
    files.removeStale(Set.of());
  }

  /**
   * @return the jobs this manager found unfinished when it started, and marked failed
   */
  public List<Long> recovered() {
    return List.copyOf(recovered);
  }

  /**
   * Checks a job (its functions against each other and the input, its output name), records it
   * QUEUED and starts it on threads of its own.
   *
   * @param spec the job
   * @param listener told its progress, about twice a second and at the end
   * @return the running job
   * @throws IllegalArgumentException if the job cannot run: a function is missing or does not fit,
   *     the input does not exist, or the output exists and is not to be replaced; no record is made
   */
  public JobHandle start(JobSpec spec, JobListener listener) {
    Store store = engine.store();
    files.removeFinished();
    if (store.findTable(spec.output()).isPresent() && !spec.replaceOutput()) {
      throw new IllegalArgumentException(
          "the output table "
              + spec.output()
              + " exists; drop it, choose another name, or replace it (--replace)");
    }
    Schema input =
        spec.input().kind() == JobInput.Kind.TABLE
            ? InputTables.find(store, spec.input().text()).schema()
            : QueryInput.describe(engine.directory(), spec.input().text());
    FunctionResolver resolver = new FunctionResolver(engine.runtime(), engine.functions(), spec);
    List<ResolvedFunction> resolved = new ArrayList<>();
    try {
      ResolvedFunction map = add(resolved, resolver.resolve("map", spec.map()));
      ResolvedFunction combine =
          spec.combine() == null
              ? null
              : add(resolved, resolver.resolve("combine", spec.combine()));
      ResolvedFunction reduce = add(resolved, resolver.resolve("reduce", spec.reduce()));
      JobPlan plan = JobPlan.of(input, map, combine, reduce);
      JobStatus queued =
          records.create(
              id ->
                  new JobStatus(
                      id,
                      spec,
                      JobState.QUEUED,
                      JobClock.now(),
                      null,
                      null,
                      List.of(),
                      null,
                      0,
                      ProcessHandle.current().pid()));
      SluiceEngine held = holdEngine();
      JobRun run =
          new JobRun(
              engine,
              records,
              files,
              queued,
              input,
              plan,
              map,
              combine,
              reduce,
              listener,
              () -> {
                running.remove(queued.id());
                resolved.forEach(f -> f.release().run());
                if (held != null) {
                  EngineRegistry.release(held);
                  forgetIfClosed(held);
                }
              });
      running.put(queued.id(), run);
      run.start();
      return run;
    } catch (RuntimeException e) {
      resolved.forEach(f -> f.release().run());
      throw e;
    }
  }

  /**
   * Takes a reference on the engine through the registry that shares it among connections, so that
   * the last connection closing while a job runs does not close the store under the job. An engine
   * opened outside the registry is its opener's to keep open.
   */
  private SluiceEngine holdEngine() {
    try {
      SluiceEngine same = EngineRegistry.acquire(engine.directory(), engine.store().options());
      if (same == engine) {
        return same;
      }
      EngineRegistry.release(same);
    } catch (RuntimeException e) {
      // Not the registry's engine: the store is locked by it, so the registry cannot open another.
    }
    return null;
  }

  private static ResolvedFunction add(List<ResolvedFunction> all, ResolvedFunction f) {
    all.add(f);
    return f;
  }

  /**
   * Runs a job and waits for it.
   *
   * @param spec the job
   * @param listener told its progress
   * @return its final status
   * @throws JobException if it failed or was cancelled
   * @throws IllegalArgumentException if it cannot run (see {@link #start})
   * @throws InterruptedException if interrupted while waiting; the job is cancelled
   */
  public JobStatus run(JobSpec spec, JobListener listener) throws InterruptedException {
    JobHandle handle = start(spec, listener);
    try {
      return handle.await();
    } catch (InterruptedException e) {
      handle.cancel();
      throw e;
    }
  }

  /**
   * @return every job of the store, by id: the live status of those running here, the durable
   *     record of the others
   */
  public List<JobStatus> list() {
    List<JobStatus> all = new ArrayList<>();
    for (JobStatus recorded : records.list()) {
      JobRun live = running.get(recorded.id());
      all.add(live != null ? live.status() : recorded);
    }
    return all;
  }

  /**
   * @param id a job id
   * @return the job, live if it runs here, else as recorded; empty if there is no such job
   */
  public Optional<JobStatus> status(long id) {
    JobRun live = running.get(id);
    return live != null ? Optional.of(live.status()) : records.get(id);
  }

  /**
   * @param id a job id
   * @return the job if it runs in this process
   */
  public Optional<JobHandle> running(long id) {
    return Optional.ofNullable(running.get(id));
  }

  /**
   * Cancels a job running in this process.
   *
   * @param id a job id
   * @return whether it was running here (and is now being cancelled)
   */
  public boolean cancel(long id) {
    JobRun live = running.get(id);
    if (live == null) {
      return false;
    }
    live.cancel("cancelled on request");
    return true;
  }
}
