package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's process killed with SIGKILL leaves the job FAILED at the next open of the store, without
 * output or temporary data, and running the job again gives the output exactly once; a job asked to
 * cancel from another process (the cancel file) or stopped by SIGTERM ends CANCELLED and clean.
 * Each runs the job in a child JVM ({@link JobChildMain}).
 */
class JobProcessTest {
  private static final int ROWS = 50_000;
  private static final IntFunction<String> TEXT = i -> "text " + (i % 5000);

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;
  private Process child;
  private BufferedReader childOut;

  @AfterEach
  void killChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  private Path data() throws Exception {
    Path data = directory.resolve("data");
    try (Sluice sluice = Sluice.open(data)) {
      TextTables.create(sluice.engine().store(), "texts", ROWS, 2, TEXT, arrow.allocator());
    }
    return data;
  }

  private static final String MAP_SLOWLY = ExampleModules.FAULTS + ":map_slowly";
  private static final String MAP_FAST = ExampleModules.FAULTS + ":map_or_trap";
  private static final String SUM = ExampleModules.WORDCOUNT + ":sum_counts";
  private static final String SUM_SLOWLY = ExampleModules.FAULTS + ":sum_slowly";

  /** Starts the child with a slow map, waits until its map tasks have read rows; the job's id. */
  private long startChild(Path data) throws Exception {
    long id = startChild(data, MAP_SLOWLY, SUM);
    awaitLive(
        data,
        id,
        live -> {
          if (live.inputRows() == 0) {
            return false;
          }
          assertTrue(live.inputRows() < ROWS, "the job must still be running");
          return true;
        },
        "map progress");
    return id;
  }

  /** Starts {@link JobChildMain} and reads its first line; the job's id. */
  private long startChild(Path data, String map, String reduce, String... more) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Xss4m");
    String cache = System.getProperty("sluice.wasm.cache");
    if (cache != null) {
      command.add("-Dsluice.wasm.cache=" + cache);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JobChildMain.class.getName());
    command.addAll(List.of(data.toString(), map, reduce, "out"));
    command.addAll(List.of(more));
    child =
        new ProcessBuilder(command)
            .redirectError(new File(directory.resolve("child.err").toString()))
            .start();
    childOut =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String started = childOut.readLine();
    assertTrue(started != null && started.startsWith("started "), started + stderr());
    return Long.parseLong(started.substring("started ".length()));
  }

  /** Waits until the child's live status satisfies {@code ready}. */
  private void awaitLive(Path data, long id, Predicate<JobStatus> ready, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var live = JobSignals.running(data, id);
      if (live.isPresent() && ready.test(live.get())) {
        return;
      }
      assertTrue(child.isAlive(), "the child ended before " + what + stderr());
      Thread.sleep(20);
    }
    throw new AssertionError("the child's job never showed " + what + stderr());
  }

  private void kill() throws Exception {
    child.destroyForcibly(); // SIGKILL: no hook runs
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
  }

  private String stderr() throws Exception {
    Path err = directory.resolve("child.err");
    return Files.exists(err) ? "\nchild stderr:\n" + Files.readString(err) : "";
  }

  @Test
  void aKilledProcessLeavesTheJobFailedAndARerunPublishesTheOutputOnce() throws Exception {
    Path data = data();
    long id = startChild(data);
    kill();
    assertTrue(JobSignals.running(data, id).isEmpty(), "a dead process's status is not live");
    assertRecoveredAsFailedAndRerunOnce(data, id, MAP_SLOWLY, SUM);
  }

  @Test
  void anyEntryPointRecoversAKilledJobAsSoonAsItOpensTheStore() throws Exception {
    Path data = data();
    long id = startChild(data);
    kill();
    // A plain SQL connection (as sluice sql, shell and server open the store) recovers at once:
    // it never shows the dead job's temporary tables.
    try (java.sql.Connection sql = java.sql.DriverManager.getConnection("jdbc:sluice:" + data);
        java.sql.Statement statement = sql.createStatement();
        java.sql.ResultSet tables = statement.executeQuery("SELECT name FROM sys.tables")) {
      List<String> names = new java.util.ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      assertEquals(List.of("texts"), names);
    }
    try (Sluice sluice = Sluice.open(data)) {
      JobStatus failed = sluice.jobs().status(id).orElseThrow();
      assertEquals(JobState.FAILED, failed.state());
      assertTrue(failed.error().contains("stopped before the job finished"), failed.error());
      assertEquals(List.of(), sluice.jobs().recovered(), "recovered once, by the SQL connection");
    }
  }

  @Test
  void aProcessKilledInTheReducePhaseLeavesTheJobFailedAndARerunPublishesTheOutputOnce()
      throws Exception {
    Path data = data();
    long id = startChild(data, MAP_FAST, SUM_SLOWLY);
    awaitLive(
        data,
        id,
        live ->
            live.tasks(TaskPhase.MAP).stream().allMatch(t -> t.state() == TaskState.DONE)
                && live.tasks(TaskPhase.REDUCE).stream().anyMatch(t -> t.rowsIn() > 0)
                && live.tasks(TaskPhase.REDUCE).stream()
                    .anyMatch(t -> t.state() == TaskState.RUNNING),
        "a reduce task reading the shuffle");
    kill();
    assertRecoveredAsFailedAndRerunOnce(data, id, MAP_FAST, SUM_SLOWLY);
  }

  @Test
  void aProcessKilledRightAfterPublishingLeavesTheJobSucceededWithItsOutputOnce() throws Exception {
    Path data = data();
    long id = startChild(data, MAP_FAST, SUM, "pause-after-publish");
    assertEquals("published", childOut.readLine(), stderr());
    kill();

    try (Sluice sluice = Sluice.open(data)) {
      assertEquals(List.of(), sluice.jobs().recovered(), "a published job is not recovered");
      JobStatus succeeded = sluice.jobs().status(id).orElseThrow();
      assertEquals(JobState.SUCCEEDED, succeeded.state());
      assertEquals(ROWS, succeeded.inputRows());
      Map<Object, Object> expected = TextTables.counts(ROWS, TEXT);
      assertEquals(expected.size(), succeeded.outputRows());
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "out"));
      assertEquals(
          List.of("out", "texts"),
          sluice.engine().store().tableNames(),
          "the shuffle the dead process left is dropped");

      // Run again: the output exists, so the job is refused and nothing is recorded twice.
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  sluice
                      .dataset("texts")
                      .map(WasmFunctionRef.parse(MAP_FAST))
                      .reduceByKey(WasmFunctionRef.parse(SUM))
                      .parallelism(2)
                      .writeTo("out"));
      assertTrue(
          refused.getMessage().contains("the output table out exists"), refused.getMessage());
      assertEquals(List.of(id), sluice.jobs().list().stream().map(JobStatus::id).toList());
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "out"));
    }
  }

  /**
   * The killed child's job is FAILED at the next open, its temporary tables and files are gone, and
   * the same job run again publishes the right output, once.
   */
  private void assertRecoveredAsFailedAndRerunOnce(Path data, long id, String map, String reduce)
      throws Exception {
    try (Sluice sluice = Sluice.open(data)) {
      assertEquals(List.of(id), sluice.jobs().recovered());
      JobStatus failed = sluice.jobs().status(id).orElseThrow();
      assertEquals(JobState.FAILED, failed.state());
      assertTrue(failed.error().contains("stopped before the job finished"), failed.error());
      assertEquals(List.of("texts"), sluice.engine().store().tableNames());
      assertFalse(Files.list(data.resolve("jobs")).findAny().isPresent(), "no status files left");

      JobStatus rerun =
          sluice
              .dataset("texts")
              .map(WasmFunctionRef.parse(map))
              .reduceByKey(WasmFunctionRef.parse(reduce))
              .parallelism(2)
              .writeTo("out");
      assertEquals(id + 1, rerun.id());
      Map<Object, Object> output = JobTestSupport.read(sluice.connection(), "out");
      assertEquals(TextTables.counts(ROWS, TEXT), output);
      assertEquals(List.of("out", "texts"), sluice.engine().store().tableNames());
    }
  }

  @Test
  void aCancelRequestFromAnotherProcessStopsTheJobCleanly() throws Exception {
    Path data = data();
    long id = startChild(data);
    assertTrue(JobSignals.requestCancel(data, id));
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends" + stderr());
    assertEquals(1, child.exitValue(), stderr());
    assertCancelled(data, id, "another process");
  }

  @Test
  void sigtermCancelsTheJobBeforeTheProcessExits() throws Exception {
    Path data = data();
    long id = startChild(data);
    child.destroy(); // SIGTERM: the shutdown hook cancels the job and waits for it
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends" + stderr());
    assertCancelled(data, id, "SIGTERM");
  }

  private void assertCancelled(Path data, long id, String reason) throws Exception {
    try (Sluice sluice = Sluice.open(data)) {
      assertEquals(List.of(), sluice.jobs().recovered(), "the child recorded the end itself");
      JobStatus cancelled = sluice.jobs().status(id).orElseThrow();
      assertEquals(JobState.CANCELLED, cancelled.state());
      assertTrue(cancelled.error().contains(reason), cancelled.error());
      assertTrue(cancelled.inputRows() < ROWS);
      assertEquals(List.of("texts"), sluice.engine().store().tableNames());
    }
  }
}
