package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sql.SluiceEngine;
import io.sluice.storage.StoreOptions;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs of an engine are one object while the engine is open, and are forgotten when it closes:
 * a closed engine (store, allocator, sandboxes) is not kept reachable by the static map of {@link
 * Jobs}, whether the last {@link Sluice} or the last running job let it go.
 */
class JobsRegistryTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void closingTheLastSluiceForgetsTheEnginesJobs() throws Exception {
    Opened opened = openTwiceAndClose(directory.resolve("a"));
    assertFalse(Jobs.registered().contains(opened.dir()), "the engine closed: jobs forgotten");
    assertCollected(opened.engine());
  }

  private record Opened(Path dir, WeakReference<SluiceEngine> engine) {}

  /** In a method of its own, so that no local variable of the test keeps the engine. */
  private static Opened openTwiceAndClose(Path data) throws Exception {
    try (Sluice first = Sluice.open(data);
        Sluice second = Sluice.open(data)) {
      assertSame(first.jobs(), second.jobs(), "one per engine");
      Path dir = first.engine().directory();
      second.close();
      assertTrue(Jobs.registered().contains(dir), "the engine is open: its jobs stay");
      return new Opened(dir, new WeakReference<>(first.engine()));
    }
  }

  @Test
  void aJobRunningPastItsSluiceKeepsTheJobsUntilItEnds() throws Exception {
    Path data = directory.resolve("b");
    Path dir;
    JobHandle job;
    try (Sluice sluice = Sluice.open(data)) {
      TextTables.create(
          sluice.engine().store(), "texts", 4000, 2, i -> "text " + i, arrow.allocator());
      dir = sluice.engine().directory();
      job =
          sluice
              .dataset("texts")
              .map(ExampleModules.FAULTS, "map_slowly")
              .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
              .parallelism(2)
              .start("out");
    }
    assertTrue(Jobs.registered().contains(dir), "the running job holds the engine open");
    assertEquals(JobState.SUCCEEDED, job.await().state());
    assertFalse(Jobs.registered().contains(dir), "its end closed the engine: forgotten");

    try (Sluice again = Sluice.open(data)) {
      assertEquals(JobState.SUCCEEDED, again.jobs().status(job.id()).orElseThrow().state());
      assertEquals(java.util.List.of(), again.jobs().recovered());
    }
  }

  @Test
  void anEngineClosedByItsOwnOpenerIsForgottenAsItCloses() throws Exception {
    Opened opened = openOwnEngineAndClose(directory.resolve("c"));
    assertFalse(Jobs.registered().contains(opened.dir()), "the engine told Jobs it was closing");
    assertCollected(opened.engine());
  }

  private static Opened openOwnEngineAndClose(Path data) {
    try (SluiceEngine engine = SluiceEngine.open(data, StoreOptions.defaults())) {
      Jobs.of(engine);
      return new Opened(engine.directory(), new WeakReference<>(engine));
    }
  }

  private static void assertCollected(WeakReference<?> reference) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(reference.get(), "the closed engine is still reachable");
  }
}
