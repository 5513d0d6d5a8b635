package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice job run --progress lines}, as in a log: while a job of several seconds runs, a
 * plain line every 2 s with the tasks done per phase, the rows read and their rate, the bytes
 * shuffled, the share done and an ETA; then the summary. No bar, no carriage returns.
 */
class JobProgressLinesTest {
  private static final String WORDCOUNT = "../examples/udfs/jobs/wordcount.wasm";
  private static final String FAULTS = "../examples/udfs/jobs/faults.wasm";

  /** "job 1 running: map 1/2, reduce 0/2 tasks, 9,216 rows read (2k rows/s), 0 B shuffled, ..." */
  private static final String LINE =
      "job 1 running: map [0-2]/2, reduce [0-2]/2 tasks, [0-9,]+ rows read \\([0-9.]+[kM]?"
          + " rows/s\\), [0-9.]+ (B|KiB|MiB) shuffled, [0-9]{1,3}% done";

  /** A line once there is a rate to estimate the time left by. */
  private static final Pattern WITH_ETA = Pattern.compile(LINE + ", ETA ([0-9]+ min )?[0-9.]+ s");

  /** Any progress line: before the first rows are read, without ETA. */
  private static final Pattern ANY =
      Pattern.compile(
          "(" + LINE + "(, ETA ([0-9]+ min )?[0-9.]+ s)?|job 1 running: preparing the input)");

  @TempDir Path directory;

  @Test
  void plainLinesShowTasksDoneRateAndEta() {
    String data = directory.resolve("data").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertEquals(
        0,
        cli.execute(
            "job", "generate", "docs", "--data", data, "--rows", "100000", "--table", "texts"),
        err.toString());
    out.getBuffer().setLength(0);

    int code =
        cli.execute(
            "job",
            "run",
            "--data",
            data,
            "--input",
            "SELECT text FROM texts",
            "--map",
            FAULTS + ":map_slowly",
            "--reduce",
            WORDCOUNT + ":sum_counts",
            "--output",
            "counts",
            "--parallelism",
            "2",
            "--progress",
            "lines");
    String output = out.toString();
    assertEquals(0, code, output + err);
    List<String> lines = output.lines().toList();
    // A slow machine may print "preparing the input" before start() returns the job's handle.
    assertEquals(
        1, lines.stream().filter(line -> line.startsWith("job 1 started: ")).count(), output);
    assertTrue(lines.get(lines.size() - 1).startsWith("job 1 succeeded in "), output);
    List<String> progress =
        lines.subList(0, lines.size() - 1).stream()
            .filter(line -> !line.startsWith("job 1 started: "))
            .toList();
    for (String line : progress) {
      assertTrue(
          ANY.matcher(line).matches(), "an unexpected progress line: " + line + "\n" + output);
    }
    assertTrue(
        progress.stream().anyMatch(line -> WITH_ETA.matcher(line).matches()),
        "no line with tasks done, rows/s and ETA in a job of several seconds:\n" + output);
    assertTrue(!output.contains("\r"), "no bar redrawn in place");
    assertEquals("", err.toString(), "nothing on stderr: the bar is off");
  }
}
