package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code sluice demo} in-process on a small table, twice, and reads its report. */
class DemoCommandTest {

  /** The example modules, from the server module's directory (Maven's working directory). */
  private static final String UDFS =
      Path.of("..", "examples", "udfs").toAbsolutePath().normalize().toString();

  @TempDir Path directory;

  @Test
  void theDemoStoresAndScansTheEventsTableAndCanRunAgain() {
    Path data = directory.resolve("data");
    Run first =
        run("demo", "--data", data.toString(), "--rows", "250000", "--shards", "3", "--udfs", UDFS);
    assertEquals(0, first.exitCode, first.err);
    assertTrue(
        first.out.contains("Ingest  250,000 rows of table 'events' (12 columns) into 3 shards"),
        first.out);
    assertTrue(first.out.contains("WHERE ts >= '"), first.out);
    // The time range covers the last tenth of the rows: most chunks are skipped by statistics.
    Matcher scan =
        Pattern.compile("(\\d+) of (\\d+) chunks read, (\\d+) skipped").matcher(first.out);
    assertTrue(scan.find(), first.out);
    int read = Integer.parseInt(scan.group(1));
    int total = Integer.parseInt(scan.group(2));
    assertTrue(read < total / 2 && read > 0, first.out);
    assertTrue(scan.find(), first.out);
    assertEquals(
        scan.group(1), scan.group(2), "the one-column scan reads every chunk: " + first.out);
    assertTrue(first.out.contains("250,000 rows matched"), first.out);
    // The SQL half: every example function is registered and each query ran on the shards.
    assertTrue(first.out.contains("CREATE OR REPLACE AGGREGATE histogram"), first.out);
    for (String[] query : DemoQueries.QUERIES) {
      assertTrue(first.out.contains(query[1]), first.out);
    }
    assertTrue(first.out.contains("example.com"), first.out);
    assertTrue(first.out.contains("[10,100):"), first.out);
    Matcher moved =
        Pattern.compile(
                "([\\d,]+) rows scanned on 3 shard\\(s\\); moved to the coordinator: ([\\d,]+) rows")
            .matcher(first.out);
    assertTrue(moved.find(), first.out);
    long scanned = Long.parseLong(moved.group(1).replace(",", ""));
    long sent = Long.parseLong(moved.group(2).replace(",", ""));
    assertEquals(250_000, scanned);
    assertTrue(sent < 100, "the scalar query's partial aggregates move few rows: " + first.out);

    Run second =
        run("demo", "--data", data.toString(), "--rows", "1000", "--shards", "2", "--udfs", UDFS);
    assertEquals(0, second.exitCode, second.err);
    assertTrue(
        second.out.contains("dropped the existing table 'events' to recreate it"), second.out);
    assertTrue(second.out.contains("1,000 rows matched"), second.out);
  }

  @Test
  void aDirectoryThatIsNotAStoreIsRefusedWithoutBeingTouched() throws Exception {
    Files.writeString(directory.resolve("notes.txt"), "mine");
    Run run = run("demo", "--data", directory.toString(), "--rows", "10");
    assertEquals(2, run.exitCode);
    assertTrue(
        run.err.contains("error: data directory " + directory + " is not a Sluice store"), run.err);
    try (var entries = Files.list(directory)) {
      assertEquals(1, entries.count());
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
