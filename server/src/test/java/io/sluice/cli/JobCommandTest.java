package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.JobSignals;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice job ...} as a person runs it: generate an example table, run word count, read the
 * result with SQL, list and show jobs, fail cleanly, and cancel a job running in another process.
 */
class JobCommandTest {
  private static final String WORDCOUNT = "../examples/udfs/jobs/wordcount.wasm";
  private static final String FAULTS = "../examples/udfs/jobs/faults.wasm";

  @TempDir Path directory;
  private Process child;

  @AfterEach
  void killChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  private record Run(int code, String out, String err) {}

  private Run sluice(String... args) {
    CommandLine cli = SluiceCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String data() {
    return directory.resolve("data").toString();
  }

  private Run wordCount(String output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "job",
                "run",
                "--data",
                data(),
                "--input",
                "docs",
                "--map",
                WORDCOUNT + ":map_words",
                "--combine",
                WORDCOUNT + ":sum_counts",
                "--reduce",
                WORDCOUNT + ":sum_counts",
                "--output",
                output,
                "--parallelism",
                "3",
                "--progress",
                "lines"));
    args.addAll(List.of(more));
    return sluice(args.toArray(String[]::new));
  }

  @Test
  void runsWordCountAndShowsTheJob() {
    Run generated = sluice("job", "generate", "docs", "--data", data(), "--rows", "3000");
    assertEquals(0, generated.code(), generated.err());
    assertEquals("created table docs: 3,000 documents in 4 shards\n", generated.out());

    Run run = wordCount("word_counts");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().startsWith("job 1 started: docs -> map map_words -> combine sum_counts"),
        run.out());
    assertTrue(run.out().contains("job 1 succeeded in "), run.out());
    assertTrue(run.out().contains(" 3,000 input rows ("), run.out());

    Run top =
        sluice(
            "sql",
            "--data",
            data(),
            "--format",
            "csv",
            "SELECT word, sum_counts FROM word_counts ORDER BY sum_counts DESC, word LIMIT 2");
    assertEquals(0, top.code(), top.err());
    assertTrue(top.out().startsWith("word,sum_counts\nka,"), top.out());

    Run list = sluice("job", "list", "--data", data());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains(" 1  | SUCCEEDED |"), list.out());

    Run status = sluice("job", "status", "1", "--data", data());
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().startsWith("job 1: SUCCEEDED\n"), status.out());
    assertTrue(status.out().contains(" reduce 2 | DONE "), status.out());

    Run again = wordCount("word_counts");
    assertEquals(2, again.code());
    assertEquals(
        "error: the output table word_counts exists; drop it, choose another name, or replace it"
            + " (--replace)\n",
        again.err());
    Run replaced = wordCount("word_counts", "--replace");
    assertEquals(0, replaced.code(), replaced.err());
    assertTrue(replaced.out().contains("job 2 succeeded"), replaced.out());
  }

  @Test
  void aFailingJobExitsWithOneAndItsError() {
    sluice(
        "sql",
        "--data",
        data(),
        "CREATE TABLE texts (text VARCHAR); INSERT INTO texts VALUES ('a'), ('TRAP')");
    Run run =
        sluice(
            "job",
            "run",
            "--data",
            data(),
            "--input",
            "SELECT text FROM texts",
            "--map",
            FAULTS + ":map_or_trap",
            "--reduce",
            WORDCOUNT + ":sum_counts",
            "--output",
            "never",
            "--progress",
            "lines");
    assertEquals(1, run.code(), run.out());
    assertTrue(run.err().startsWith("error: job 1 failed: map task "), run.err());
    assertTrue(run.err().contains("map_or_trap trapped"), run.err());
    Run status = sluice("job", "status", "1", "--data", data());
    assertTrue(status.out().startsWith("job 1: FAILED\n"), status.out());
    Run missing = sluice("job", "status", "7", "--data", data());
    assertEquals(1, missing.code());
    assertEquals("error: there is no job 7\n", missing.err());
  }

  @Test
  void cancelsAJobRunningInAnotherProcess() throws Exception {
    sluice("job", "generate", "docs", "--data", data(), "--rows", "60000", "--table", "texts");
    child = startJobRun();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (JobSignals.running(Path.of(data())).isEmpty() && System.nanoTime() < deadline) {
      assertTrue(child.isAlive(), "the job run ended early:\n" + output(child));
      Thread.sleep(50);
    }
    Run list = sluice("job", "list", "--data", data());
    assertEquals(0, list.code(), list.err());
    assertTrue(
        list.out().startsWith("another process has the store open; the jobs it runs now"),
        list.out());
    assertTrue(list.out().contains(" 1  | RUNNING "), list.out());

    Run cancel = sluice("job", "cancel", "1", "--data", data());
    assertEquals(0, cancel.code(), cancel.err());
    assertEquals(
        "asked the process running job 1 to cancel it\n"
            + "job 1 is CANCELLED: cancelled by `sluice job cancel` from another process\n",
        cancel.out());
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, child.exitValue());
    String err = Files.readString(directory.resolve("child.err"));
    assertTrue(err.contains("error: job 1 was cancelled"), err);

    Run status = sluice("job", "status", "1", "--data", data());
    assertTrue(status.out().startsWith("job 1: CANCELLED\n"), status.out());
    Run tables = sluice("sql", "--data", data(), "--format", "csv", "SELECT name FROM sys.tables");
    assertEquals("name\ntexts\n", tables.out());
    Run again = sluice("job", "cancel", "1", "--data", data());
    assertEquals(1, again.code());
    assertEquals("error: job 1 is not running; it is CANCELLED\n", again.err());
  }

  /** {@code ./sluice job run} of a slow map, in a JVM of its own. */
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
    command.addAll(
        List.of(
            "job",
            "run",
            "--data",
            data(),
            "--input",
            "SELECT text FROM texts",
            "--map",
            FAULTS + ":map_slowly",
            "--reduce",
            WORDCOUNT + ":sum_counts",
            "--output",
            "slow",
            "--progress",
            "lines"));
    return new ProcessBuilder(command)
        .redirectError(new File(directory.resolve("child.err").toString()))
        .redirectOutput(new File(directory.resolve("child.out").toString()))
        .start();
  }

  private String output(Process process) throws Exception {
    return Files.readString(directory.resolve("child.out"))
        + Files.readString(directory.resolve("child.err"));
  }
}
