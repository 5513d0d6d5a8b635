package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.JobSignals;
import io.sluice.jobs.JobStatus;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/jobs.md's "exactly once on re-run", through the command line: {@code sluice job run} killed
 * with SIGKILL mid-way leaves no output, and the same command run again reports the crashed job as
 * failed, publishes the output once (every input row counted once), and a third run is refused
 * because the output exists.
 */
class JobCrashRerunTest {
  private static final String WORDCOUNT = "../examples/udfs/jobs/wordcount.wasm";
  private static final String FAULTS = "../examples/udfs/jobs/faults.wasm";
  private static final int ROWS = 20_000;

  @TempDir Path directory;
  private Process child;

  @AfterEach
  void killChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  private record Run(int code, String out, String err) {}

  private Run sluice(List<String> args) {
    CommandLine cli = SluiceCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private String data() {
    return directory.resolve("data").toString();
  }

  /**
   * The job of every run: a slow (text, 1) map over the texts, summed per text; the input is a
   * query, so a killed run also leaves the query's temporary table behind.
   */
  private List<String> jobRun() {
    return List.of(
        "job",
        "run",
        "--data",
        data(),
        "--input",
        "SELECT text FROM texts",
        "--map",
        FAULTS + ":map_slowly",
        "--combine",
        WORDCOUNT + ":sum_counts",
        "--reduce",
        WORDCOUNT + ":sum_counts",
        "--output",
        "counts",
        "--parallelism",
        "2",
        "--progress",
        "lines");
  }

  private String sql(String query) {
    Run run = sluice(List.of("sql", "--data", data(), "--format", "csv", query));
    assertEquals(0, run.code(), run.err());
    return run.out();
  }

  @Test
  void aKilledJobRunRunAgainPublishesItsOutputExactlyOnce() throws Exception {
    Run generated =
        sluice(
            List.of(
                "job",
                "generate",
                "docs",
                "--data",
                data(),
                "--rows",
                "" + ROWS,
                "--table",
                "texts"));
    assertEquals(0, generated.code(), generated.err());
    String expected = sql("SELECT COUNT(DISTINCT text) AS keys, COUNT(text) AS total FROM texts");

    child = startJobRun();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Optional<JobStatus> live = Optional.empty();
    while (System.nanoTime() < deadline) {
      live = JobSignals.running(Path.of(data()), 1);
      if (live.isPresent() && live.get().inputRows() > 0) {
        break;
      }
      assertTrue(child.isAlive(), "the job run ended early:\n" + childOutput());
      Thread.sleep(20);
    }
    assertTrue(live.isPresent() && live.get().inputRows() > 0, "no progress:\n" + childOutput());
    assertTrue(live.get().inputRows() < ROWS, "the job must still be running");
    child.destroyForcibly(); // SIGKILL: no shutdown hook, the job is left RUNNING in the store
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    Run rerun = sluice(jobRun());
    assertEquals(0, rerun.code(), rerun.out() + rerun.err());
    assertTrue(
        rerun
            .out()
            .startsWith(
                "job 1 was left unfinished by a process that stopped; it is now marked failed\n"
                    + "job 2 started: "),
        rerun.out());
    assertTrue(rerun.out().contains("job 2 succeeded in "), rerun.out());

    // Every text counted once: as many rows as distinct texts, summing to the texts' count.
    assertEquals(
        expected,
        sql("SELECT COUNT(*) AS keys, SUM(sum_counts) AS total FROM counts"),
        "the output of the rerun");
    assertEquals("name\ncounts\ntexts\n", sql("SELECT name FROM sys.tables ORDER BY name"));

    Run status = sluice(List.of("job", "status", "1", "--data", data()));
    assertTrue(status.out().startsWith("job 1: FAILED\n"), status.out());
    assertTrue(status.out().contains("stopped before the job finished"), status.out());

    Run again = sluice(jobRun());
    assertEquals(2, again.code(), again.out() + again.err());
    assertEquals(
        "error: the output table counts exists; drop it, choose another name, or replace it"
            + " (--replace)\n",
        again.err());
    Run list = sluice(List.of("job", "list", "--data", data()));
    assertTrue(list.out().contains(" 1  | FAILED "), list.out());
    assertTrue(list.out().contains(" 2  | SUCCEEDED "), list.out());
    assertTrue(!list.out().contains(" 3  |"), "the refused run is not recorded:\n" + list.out());
  }

  /** {@code ./sluice job run} in a JVM of its own. */
  private Process startJobRun() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    String cache = System.getProperty("sluice.wasm.cache");
    if (cache != null) {
      command.add("-Dsluice.wasm.cache=" + cache);
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), SluiceCli.class.getName()));
    command.addAll(jobRun());
    return new ProcessBuilder(command)
        .redirectError(new File(directory.resolve("child.err").toString()))
        .redirectOutput(new File(directory.resolve("child.out").toString()))
        .start();
  }

  private String childOutput() throws Exception {
    return Files.readString(directory.resolve("child.out"))
        + Files.readString(directory.resolve("child.err"));
  }
}
