package io.sluice.jobs.internal;

import io.sluice.jobs.TaskState;
import io.sluice.udf.UdfException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
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
 * still writes to.
 */
final class TaskScheduler implements TaskControl {
  private final long job;
  private final int parallelism;
  private final Duration callTimeout;
  private final List<Future<?>> running = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicReference<String> cancelReason = new AtomicReference<>();

  TaskScheduler(long job, int parallelism, Duration callTimeout) {
    this.job = job;
    this.parallelism = parallelism;
    this.callTimeout = callTimeout;
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
      }
    };
  }

  /**
   * Runs a phase's tasks and waits for every one to end.
   *
   * @param work the tasks, from {@link #task}
   * @throws InterruptedException if the coordinator is interrupted
   * @throws CancellationException if the job was cancelled
   * @throws TaskFailedException if a task failed
   */
  void runAll(List<Runnable> work) throws InterruptedException {
    checkContinue();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, Math.max(1, work.size())),
            new TaskThreads("sluice-job-" + job + "-task"));
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
          // Recorded by the task itself; checkContinue below decides what the job does.
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(callTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      running.clear();
    }
    checkContinue();
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

  /** The job stops because one of its tasks failed; the message is that task's error. */
  static final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(String message) {
      super(message);
    }
  }
}
