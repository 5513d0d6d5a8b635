package io.sluice.jobs.internal;

import io.sluice.jobs.TaskState;
import io.sluice.udf.UdfException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs the tasks of a job's phases, at most {@code parallelism} at once, and stops them all at the
 * first real failure or at a cancellation: tasks check between batches ({@link #checkContinue}),
 * and their threads are interrupted, which stops a wasm call at its next loop or call. A phase
 * returns only when every one of its tasks has ended, so that the job never drops a table a task
 * still writes to: stopped tasks are interrupted again every {@link #REINTERRUPT} until they end,
 * for up to the call timeout and 10 s; a task still running then is reported by {@link
 * TasksNotStoppedException}, and the job must leave alone everything the task may use.
 */
final class TaskScheduler implements TaskControl {
  /** How often a task that has not stopped yet is interrupted again. */
  static final Duration REINTERRUPT = Duration.ofMillis(200);

  private final long job;
  private final int parallelism;
  private final Duration stopTimeout;
  private final List<Future<?>> running = new CopyOnWriteArrayList<>();

  /** The tasks whose body runs now, by name: what a phase that cannot stop names. */
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicReference<String> cancelReason = new AtomicReference<>();

  /**
   * @param job the job's id, for thread names
   * @param parallelism the most tasks at once
   * @param stopTimeout how long a phase waits for its tasks to end once they were told to stop
   *     ({@link #stopTimeout(Duration)})
   */
  TaskScheduler(long job, int parallelism, Duration stopTimeout) {
    this.job = job;
    this.parallelism = parallelism;
    this.stopTimeout = stopTimeout;
  }

  /**
   * @param callTimeout the limit of one wasm call of the job
   * @return how long its stopped tasks get to end: a call's limit and 10 s
   */
  static Duration stopTimeout(Duration callTimeout) {
    return callTimeout.plusSeconds(10);
  }

  /**
   * Wraps a task: its own allocator (a leak fails the task, named), its state, and the first real
   * failure kept for the job.
   *
   * @param counters the task's counters
   * @param parent the job's allocator
   * @param body the work, given the task's allocator
   * @return the task
   */
  Runnable task(TaskCounters counters, BufferAllocator parent, Consumer<BufferAllocator> body) {
    return () -> {
      live.add(counters.name());
      try (BufferAllocator child = parent.newChildAllocator(counters.name(), 0, Long.MAX_VALUE)) {
        body.accept(child);
        counters.state(TaskState.DONE);
      } catch (Throwable e) {
        if (stopping() || e instanceof CancellationException) {
          counters.state(TaskState.CANCELLED); // stopped because of another task or the user
        } else {
          counters.fail(describe(e));
          if (failure.compareAndSet(null, counters.name() + " failed: " + describe(e))) {
            stopAll();
          }
        }
        throw e instanceof RuntimeException r ? r : new RuntimeException(e);
      } finally {
        live.remove(counters.name());
      }
    };
  }

  /**
   * Runs a phase's tasks and waits for every one to end: its thread has returned, not only its
   * future been cancelled.
   *
   * @param work the tasks, from {@link #task}
   * @throws InterruptedException if the coordinator is interrupted (after every task has ended)
   * @throws CancellationException if the job was cancelled
   * @throws TaskFailedException if a task failed
   * @throws TasksNotStoppedException if a task still runs {@code stopTimeout} after it was told to
   *     stop; it may still write to the job's tables and use its memory
   */
  void runAll(List<Runnable> work) throws InterruptedException {
    checkContinue();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, Math.max(1, work.size())),
            new TaskThreads("sluice-job-" + job + "-task"));
    boolean interrupted = false;
    try {
      running.clear();
      for (Runnable task : work) {
        running.add(pool.submit(task));
      }
      // Stopped meanwhile: the tasks submitted after the stop are cancelled here.
      if (stopping()) {
        stopAll();
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (ExecutionException | CancellationException e) {
          // Recorded by the task itself; checkContinue below decides what the job does. A
          // cancelled future's task may still run: awaitEnd below waits for it.
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      cancel("the job's coordinator thread was interrupted");
    } finally {
      pool.shutdownNow();
      running.clear();
      interrupted |= awaitEnd(pool);
    }
    if (interrupted) {
      throw new InterruptedException("job " + job + " was interrupted; its tasks have ended");
    }
    checkContinue();
  }

  /**
   * Waits until every thread of the pool has returned, interrupting the stragglers again and again
   * (a call may swallow an interrupt), for up to {@code stopTimeout} from now.
   *
   * @return whether the waiting thread was interrupted meanwhile (it waited on regardless)
   * @throws TasksNotStoppedException if some task still runs after that
   */
  private boolean awaitEnd(ExecutorService pool) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      try {
        if (pool.awaitTermination(
            Math.max(0, Math.min(left, REINTERRUPT.toNanos())), TimeUnit.NANOSECONDS)) {
          return interrupted;
        }
      } catch (InterruptedException e) {
        interrupted = true; // keep the promise first: no task may outlive the phase
      }
      if (left <= 0) {
        break;
      }
      pool.shutdownNow(); // interrupts the threads still running
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    List<String> names = live.stream().sorted().toList();
    String which = names.isEmpty() ? "a task" : String.join(", ", names);
    String first = failure.get() != null ? failure.get() : cancelReason.get();
    throw new TasksNotStoppedException(
        (first != null ? first + "; then " : "")
            + which
            + " did not stop within "
            + stopTimeout.toMillis() / 1000.0
            + " s of being interrupted; the job's temporary tables are kept until they stop or"
            + " the store is next opened",
        pool);
  }

  /**
   * Asks every task to stop, for a reason; the first reason given is the one kept.
   *
   * @param reason what the job's error will say
   * @return whether this was the first cancellation
   */
  boolean cancel(String reason) {
    boolean first = cancelReason.compareAndSet(null, reason);
    stopAll();
    return first;
  }

  @Override
  public void checkContinue() {
    String failed = failure.get();
    if (failed != null) {
      throw new TaskFailedException(failed);
    }
    String cancelled = cancelReason.get();
    if (cancelled != null) {
      throw new CancellationException(cancelled);
    }
  }

  /**
   * @return the first task's failure ("map task 2 failed: ..."), or null
   */
  String failure() {
    return failure.get();
  }

  /**
   * @return why the job was cancelled, or null
   */
  String cancelReason() {
    return cancelReason.get();
  }

  private boolean stopping() {
    return failure.get() != null || cancelReason.get() != null;
  }

  private void stopAll() {
    for (Future<?> future : running) {
      future.cancel(true);
    }
  }

  /** A failure's message as users should read it: a function's error is already complete. */
  static String describe(Throwable e) {
    if (e instanceof UdfException || e instanceof TaskFailedException) {
      return e.getMessage();
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /**
   * A phase's task still ran long after it was told to stop: nothing it may use (the job's tables,
   * its memory, its functions, the store) may be released until {@link #awaitStopped} returns.
   */
  static final class TasksNotStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExecutorService pool;

    TasksNotStoppedException(String message, ExecutorService pool) {
      super(message);
      this.pool = pool;
    }

    /** Waits, without limit, until the tasks that did not stop have ended. */
    void awaitStopped() throws InterruptedException {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        pool.shutdownNow();
      }
    }
  }

  /** The job stops because one of its tasks failed; the message is that task's error. */
  static final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(String message) {
      super(message);
    }
  }
}
