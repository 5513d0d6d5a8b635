package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that traps fails its job with the task's error, whether its map, its combiner or its
 * reducer traps, and a cancelled job stops: either way nothing is published, the temporary tables
 * are gone and the job's memory is freed.
 */
class InProcessFaultsTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void aMapThatTrapsFailsTheJobWithTheTasksErrorAndPublishesNothing() throws Exception {
    try (Sluice sluice = Sluice.open(directory)) {
      TextTables.create(
          sluice.engine().store(),
          "texts",
          5000,
          4,
          i -> i == 3210 ? "TRAP here" : "text " + (i % 97),
          arrow.allocator());
      long memory = sluice.engine().allocator().getAllocatedMemory();
      JobException failed =
          assertThrows(
              JobException.class,
              () ->
                  sluice
                      .dataset("texts")
                      .map(ExampleModules.FAULTS, "map_or_trap")
                      .combine(ExampleModules.WORDCOUNT, "sum_counts")
                      .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
                      .parallelism(3)
                      .writeTo("out"));
      JobStatus status = failed.status();
      assertEquals(JobState.FAILED, status.state());
      assertTrue(status.error().startsWith("map task "), status.error());
      assertTrue(status.error().contains("map_or_trap"), status.error());
      assertTrue(status.error().contains("unreachable"), status.error());
      assertEquals("job " + status.id() + " failed: " + status.error(), failed.getMessage());
      TaskStatus trapped =
          status.tasks().stream()
              .filter(t -> t.state() == TaskState.FAILED)
              .findFirst()
              .orElseThrow();
      assertTrue(trapped.error().contains("map_or_trap"), trapped.error());
      assertEquals(1, status.tasks().stream().filter(t -> t.state() == TaskState.FAILED).count());
      assertTrue(
          status.tasks(TaskPhase.REDUCE).stream().allMatch(t -> t.state() == TaskState.PENDING));

      assertEquals(
          List.of("texts"), sluice.engine().store().tableNames(), "no output, no temporary tables");
      assertEquals(status, sluice.jobs().status(status.id()).orElseThrow(), "the durable record");
      assertEquals(memory, sluice.engine().allocator().getAllocatedMemory());
    }
  }

  @Test
  void aCombinerThatTrapsFailsTheMapTaskAndPublishesNothing() throws Exception {
    try (Sluice sluice = Sluice.open(directory)) {
      // One shard, so one map task, whose combiner sees 1,200 rows of one key: sum_or_trap traps
      // when a sum reaches 1,000.
      TextTables.create(
          sluice.engine().store(),
          "texts",
          3000,
          1,
          i -> i % 5 < 2 ? "hot" : "text " + (i % 97),
          arrow.allocator());
      long memory = sluice.engine().allocator().getAllocatedMemory();
      JobException failed =
          assertThrows(
              JobException.class,
              () ->
                  sluice
                      .dataset("texts")
                      .map(ExampleModules.FAULTS, "map_or_trap")
                      .combine(ExampleModules.FAULTS, "sum_or_trap")
                      .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
                      .parallelism(3)
                      .writeTo("out"));
      JobStatus status = assertFailedCleanly(sluice, failed, "map task 0 failed: ", memory);
      assertEquals(TaskState.FAILED, status.tasks(TaskPhase.MAP).get(0).state());
      assertTrue(
          status.tasks(TaskPhase.REDUCE).stream().allMatch(t -> t.state() == TaskState.PENDING),
          "no reduce task started");
    }
  }

  @Test
  void aReducerThatTrapsUpdatingWithCombinedValuesFailsTheJob() throws Exception {
    // A combiner returning the value type (sum_counts): the reducer updates with 4 sums of "hot".
    aReducerThatTraps("sum_counts", ExampleModules.WORDCOUNT);
  }

  @Test
  void aReducerThatTrapsMergingPartialStatesFailsTheJob() throws Exception {
    // The reduce function as combiner: the reducer merges 4 partial states of "hot".
    aReducerThatTraps("sum_or_trap", ExampleModules.FAULTS);
  }

  @Test
  void aReducerThatTrapsWithoutACombinerFailsTheJob() throws Exception {
    aReducerThatTraps(null, null);
  }

  /**
   * 5,000 rows in 4 shards, every fifth one "hot": no map task's share of "hot" reaches 1,000, the
   * reduce partition of "hot" does.
   */
  private void aReducerThatTraps(String combine, Path combineModule) throws Exception {
    try (Sluice sluice = Sluice.open(directory)) {
      TextTables.create(
          sluice.engine().store(),
          "texts",
          5000,
          4,
          i -> i % 5 == 0 ? "hot" : "text " + (i % 97),
          arrow.allocator());
      long memory = sluice.engine().allocator().getAllocatedMemory();
      Dataset job =
          sluice
              .dataset("texts")
              .map(ExampleModules.FAULTS, "map_or_trap")
              .reduceByKey(ExampleModules.FAULTS, "sum_or_trap")
              .parallelism(3);
      if (combine != null) {
        job.combine(combineModule, combine);
      }
      JobException failed = assertThrows(JobException.class, () -> job.writeTo("out"));
      JobStatus status = assertFailedCleanly(sluice, failed, "reduce task ", memory);
      assertTrue(
          status.tasks(TaskPhase.MAP).stream().allMatch(t -> t.state() == TaskState.DONE),
          "every map task finished");
      assertEquals(5000, status.inputRows());
      TaskStatus trapped =
          status.tasks(TaskPhase.REDUCE).stream()
              .filter(t -> t.state() == TaskState.FAILED)
              .findFirst()
              .orElseThrow();
      assertTrue(
          status.error().startsWith("reduce task " + trapped.index() + " failed: "),
          status.error());
    }
  }

  /**
   * The job failed with one task's error naming sum_or_trap and its trap, published nothing, left
   * no temporary table and freed its memory.
   */
  private JobStatus assertFailedCleanly(
      Sluice sluice, JobException failed, String errorStart, long memory) {
    JobStatus status = failed.status();
    assertEquals(JobState.FAILED, status.state());
    assertTrue(status.error().startsWith(errorStart), status.error());
    assertTrue(status.error().contains("function sum_or_trap trapped"), status.error());
    assertTrue(status.error().contains("unreachable"), status.error());
    assertEquals("job " + status.id() + " failed: " + status.error(), failed.getMessage());
    List<TaskStatus> failedTasks =
        status.tasks().stream().filter(t -> t.state() == TaskState.FAILED).toList();
    assertEquals(1, failedTasks.size(), status.tasks().toString());
    assertTrue(failedTasks.get(0).error().contains("sum_or_trap"), failedTasks.get(0).error());
    assertTrue(status.tasks().stream().noneMatch(t -> t.state() == TaskState.RUNNING));
    assertEquals(0, status.outputRows());
    assertEquals(
        List.of("texts"), sluice.engine().store().tableNames(), "no output, no temporary tables");
    assertEquals(status, sluice.jobs().status(status.id()).orElseThrow(), "the durable record");
    assertFalse(sluice.jobs().running(status.id()).isPresent());
    assertEquals(memory, sluice.engine().allocator().getAllocatedMemory());
    return status;
  }

  @Test
  void aCancelledJobStopsItsTasksAndRemovesItsTemporaryData() throws Exception {
    try (Sluice sluice = Sluice.open(directory)) {
      TextTables.create(
          sluice.engine().store(), "texts", 100_000, 2, i -> "text " + i, arrow.allocator());
      long memory = sluice.engine().allocator().getAllocatedMemory();
      JobHandle job =
          sluice
              .dataset("texts")
              .map(ExampleModules.FAULTS, "map_slowly")
              .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
              .parallelism(2)
              .start("out");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (job.status().inputRows() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(job.status().inputRows() > 0, "the map tasks started");
      assertTrue(sluice.engine().store().tableNames().contains("__job_" + job.id() + "_shuffle"));
      long cancelledAt = System.nanoTime();
      job.cancel();
      JobException cancelled = assertThrows(JobException.class, job::await);
      long stopNanos = System.nanoTime() - cancelledAt;

      JobStatus status = cancelled.status();
      assertEquals(JobState.CANCELLED, status.state());
      assertEquals("cancelled on request", status.error());
      assertTrue(status.inputRows() < 100_000, status.inputRows() + " rows read of 100000");
      assertTrue(
          stopNanos < Duration.ofSeconds(5).toNanos(), "stopped in " + stopNanos / 1e6 + " ms");
      assertTrue(status.tasks().stream().noneMatch(t -> t.state() == TaskState.RUNNING));
      assertEquals(List.of("texts"), sluice.engine().store().tableNames());
      assertEquals(status, sluice.jobs().status(status.id()).orElseThrow());
      assertFalse(sluice.jobs().running(status.id()).isPresent());
      assertEquals(memory, sluice.engine().allocator().getAllocatedMemory());
    }
  }
}
