package io.sluice.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.TaskPhase;
import io.sluice.jobs.TaskState;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A phase returns only once every task's thread has returned, not when the tasks' futures were
 * cancelled: a task that swallows interrupts is interrupted again until it ends, and one that does
 * not end at all fails the phase with an error naming it instead of being left running unseen.
 */
class TaskSchedulerTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private Runnable task(TaskScheduler scheduler, int index, Runnable body) {
    return scheduler.task(
        new TaskCounters(TaskPhase.MAP, index, 0), arrow.allocator(), child -> body.run());
  }

  /** Fails once {@code started} says the other task runs, so that it is told to stop. */
  private Runnable failing(TaskScheduler scheduler, CountDownLatch started) {
    return task(
        scheduler,
        0,
        () -> {
          try {
            assertTrue(started.await(30, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          throw new IllegalStateException("boom");
        });
  }

  @Test
  void aPhaseWaitsForATaskThatSwallowsInterruptsUntilItHasReallyEnded() throws Exception {
    // Two interrupts are what a cancelled future and a pool's shutdownNow give; the stubborn task
    // needs five, so only interrupting it again and again stops it within the stop timeout.
    TaskScheduler scheduler = new TaskScheduler(1, 2, Duration.ofSeconds(20));
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger interrupts = new AtomicInteger();
    AtomicBoolean ended = new AtomicBoolean();
    Runnable stubborn =
        task(
            scheduler,
            1,
            () -> {
              started.countDown();
              while (interrupts.get() < 5) {
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  interrupts.incrementAndGet(); // and goes on, as a careless call may
                }
              }
              ended.set(true);
            });
    long start = System.nanoTime();
    TaskScheduler.TaskFailedException failed =
        assertThrows(
            TaskScheduler.TaskFailedException.class,
            () -> scheduler.runAll(List.of(failing(scheduler, started), stubborn)));
    assertTrue(ended.get(), "the phase returned while a task still ran");
    assertEquals("map task 0 failed: boom", failed.getMessage());
    assertTrue(
        System.nanoTime() - start < Duration.ofSeconds(10).toNanos(),
        "re-interrupted, not waited out");
  }

  @Test
  void aTaskThatDoesNotStopFailsThePhaseNamingItAndCanBeWaitedFor() throws Exception {
    TaskScheduler scheduler = new TaskScheduler(2, 2, Duration.ofMillis(500));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    Runnable stuck =
        task(
            scheduler,
            1,
            () -> {
              started.countDown();
              while (true) {
                try {
                  if (release.await(60, TimeUnit.SECONDS)) {
                    break;
                  }
                } catch (InterruptedException e) {
                  // ignored: this task cannot be stopped
                }
              }
              ended.set(true);
            });
    TaskScheduler.TasksNotStoppedException e =
        assertThrows(
            TaskScheduler.TasksNotStoppedException.class,
            () -> scheduler.runAll(List.of(failing(scheduler, started), stuck)));
    assertEquals(
        "map task 0 failed: boom; then map task 1 did not stop within 0.5 s of being interrupted;"
            + " the job's temporary tables are kept until they stop or the store is next opened",
        e.getMessage());
    assertFalse(ended.get());
    assertFalse(Thread.currentThread().isInterrupted());

    release.countDown();
    e.awaitStopped();
    assertTrue(ended.get(), "awaitStopped returns once the task has ended");
  }

  @Test
  void anInterruptedCoordinatorStillWaitsForItsTasksAndCancelsThem() throws Exception {
    TaskScheduler scheduler = new TaskScheduler(3, 1, Duration.ofSeconds(20));
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    TaskCounters counters = new TaskCounters(TaskPhase.MAP, 0, 0);
    Runnable slow =
        scheduler.task(
            counters,
            arrow.allocator(),
            child -> {
              started.countDown();
              try {
                Thread.sleep(200); // swallows the first interrupt, then ends at the next check
              } catch (InterruptedException e) {
                // as a call that ends its batch first
              }
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                // likewise
              }
              ended.set(true);
              scheduler.checkContinue();
            });
    Thread coordinator = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                started.await();
              } catch (InterruptedException e) {
                return;
              }
              coordinator.interrupt();
            });
    interrupter.start();
    assertThrows(InterruptedException.class, () -> scheduler.runAll(List.of(slow)));
    interrupter.join();
    assertTrue(ended.get(), "the task ended before runAll returned");
    assertEquals(TaskState.CANCELLED, counters.snapshot().state());
    assertEquals("the job's coordinator thread was interrupted", scheduler.cancelReason());
  }
}
