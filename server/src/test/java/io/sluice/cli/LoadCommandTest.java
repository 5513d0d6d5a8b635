package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice load} as a person runs it: CSV written here and Parquet written by DuckDB, into new
 * and existing tables, rows counted back through SQL; bad rows skipped or failing the whole load,
 * which then leaves the table as it was; plain progress lines when no terminal watches.
 */
class LoadCommandTest {
  /** "load t: 1.2 MiB of 3.4 MiB (35%), 65,536 rows, 120k rows/s, ETA 1.2 s" */
  private static final Pattern PROGRESS_LINE =
      Pattern.compile(
          "load big: [0-9.]+ (B|KiB|MiB) of [0-9.]+ (KiB|MiB) \\([0-9]{1,3}%\\), [0-9,]+ rows,"
              + " [0-9.]+[kM]? rows/s(, ETA ([0-9]+ min )?[0-9.]+ s)?");

  @TempDir Path directory;

  record Run(int code, String out, String err) {}

  static Run sluice(String... args) {
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

  private Run load(String... args) {
    List<String> all = new ArrayList<>(List.of("load", "--data", data(), "--progress", "lines"));
    all.addAll(List.of(args));
    return sluice(all.toArray(String[]::new));
  }

  /** The query's rows as CSV, header first. */
  private String query(String sql) {
    Run run = sluice("sql", "--data", data(), "--format", "csv", sql);
    assertEquals(0, run.code(), run.err());
    return run.out().replace("\r", "");
  }

  private long count(String table) {
    String csv = query("SELECT COUNT(*) AS n FROM \"" + table + "\"");
    return Long.parseLong(csv.lines().toList().get(1));
  }

  /** The summary: progress lines may come before it when the JVM is still warming up. */
  static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  private Path write(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static String events(int from, int to) {
    StringBuilder csv = new StringBuilder("id,name,amount,day\n");
    for (int i = from; i < to; i++) {
      csv.append(i)
          .append(",name ")
          .append(i)
          .append(',')
          .append(i * 0.5)
          .append(",2024-01-")
          .append(String.format("%02d", i % 28 + 1))
          .append('\n');
    }
    return csv.toString();
  }

  @Test
  void createsATableFromACsvThenAddsRowsToIt() throws IOException {
    Path first = write("first.csv", events(0, 3));
    Run created = load("events", first.toString());
    assertEquals(0, created.code(), created.err());
    assertTrue(
        created
            .out()
            .startsWith(
                "created table events (4 shards) with 3 rows from 1 file ("
                    + Files.size(first)
                    + " B) in "),
        created.out());
    assertTrue(created.out().strip().endsWith(" rows/s"), created.out());
    assertEquals("", created.err());
    assertEquals(
        "id,name,amount,day\n0,name 0,0.0,2024-01-01\n2,name 2,1.0,2024-01-03\n",
        query("SELECT * FROM events WHERE id <> 1 ORDER BY id"));

    Path second = write("more/second.csv", events(3, 5));
    Path third = write("more/third.csv", events(5, 10));
    Run added = load("events", directory.resolve("more") + "/*.csv");
    assertEquals(0, added.code(), added.err());
    assertTrue(
        lastLine(added.out()).startsWith("loaded 7 rows into events from 2 files ("), added.out());
    assertEquals(10, count("events"));
    assertEquals("s\n22.5\n", query("SELECT SUM(amount) AS s FROM events"));
    assertTrue(Files.exists(second) && Files.exists(third));
  }

  @Test
  void loadsParquetWrittenByDuckDbIntoANewTableAndAnExistingOne() throws Exception {
    Path parquet = directory.resolve("parquet");
    Files.createDirectories(parquet);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (int part = 0; part < 2; part++) {
        s.execute(
            "COPY (SELECT i AS id, 'vendor ' || (i % 7) AS vendor, i * 1.25 AS fare,"
                + " DATE '2024-01-01' + CAST(i % 300 AS INTEGER) AS trip_day,"
                + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS pickup"
                + " FROM range("
                + part * 1000
                + ", "
                + (part + 1) * 1000
                + ") t(i)) TO '"
                + parquet.resolve("trips-" + part + ".parquet")
                + "' (FORMAT parquet)");
      }
    }
    Run created =
        load(
            "trips",
            parquet.resolve("trips-0.parquet").toString(),
            "--shards",
            "2",
            "--distributed-by",
            "vendor");
    assertEquals(0, created.code(), created.err());
    // The last line: a first load of Parquet starts Arrow's native library, which may take long
    // enough for a progress line.
    assertTrue(
        lastLine(created.out())
            .startsWith("created table trips (2 shards) with 1,000 rows from 1 file ("),
        created.out());
    assertEquals(
        "n,ids,last_day,last_pickup\n1000,499500,"
            + LocalDate.of(2024, 1, 1).plusDays(299)
            + ",2024-01-01 00:16:39\n",
        query(
            "SELECT COUNT(*) AS n, SUM(id) AS ids, MAX(trip_day) AS last_day, MAX(pickup) AS last_pickup"
                + " FROM trips"));

    // Into the existing table: both files by a glob, the first one again included.
    Run added = load("trips", parquet + "/trips-*.parquet");
    assertEquals(0, added.code(), added.err());
    assertTrue(
        lastLine(added.out()).startsWith("loaded 2,000 rows into trips from 2 files"), added.out());
    assertEquals(3000, count("trips"));
    assertEquals("n\n7\n", query("SELECT COUNT(DISTINCT vendor) AS n FROM trips"));
  }

  @Test
  void replacesATableInOneStep() throws IOException {
    assertEquals(0, load("t", write("a.csv", events(0, 5)).toString()).code());
    Run replaced = load("t", write("b.csv", "x,y\n1,one\n2,two\n").toString(), "--replace");
    assertEquals(0, replaced.code(), replaced.err());
    assertTrue(
        lastLine(replaced.out()).startsWith("replaced table t (4 shards) with 2 rows"),
        replaced.out());
    assertEquals("x,y\n1,one\n2,two\n", query("SELECT * FROM t ORDER BY x"));
  }

  @Test
  void skipsRowsThatCannotBeReadWhenAskedAndSaysWhich() throws IOException {
    sluice("sql", "--data", data(), "CREATE TABLE scores (id INT, score DOUBLE)");
    Path file = write("scores.csv", "id,score\n1,0.5\n2,lots\n3,1.5\nfour,2\n5,2.5\n");

    Run aborted = load("scores", file.toString());
    assertEquals(2, aborted.code());
    assertTrue(aborted.err().startsWith("error: "), aborted.err());
    assertTrue(aborted.err().contains("lots"), aborted.err());
    assertTrue(aborted.err().contains("(table scores is unchanged)"), aborted.err());
    assertEquals(0, count("scores"));

    Run skipped = load("scores", file.toString(), "--on-error", "skip");
    assertEquals(0, skipped.code(), skipped.err());
    String summary = lastLine(skipped.out());
    assertTrue(summary.startsWith("loaded 3 rows into scores from 1 file ("), summary);
    assertTrue(summary.contains("; skipped 2 rows that could not be read: "), summary);
    assertTrue(summary.contains("lots") && summary.contains("four"), summary);
    assertEquals("id\n1\n3\n5\n", query("SELECT id FROM scores ORDER BY id"));
  }

  @Test
  void aBadFileAmongGoodOnesLeavesTheTableAsItWas() throws IOException {
    assertEquals(0, load("events", write("good.csv", events(0, 4)).toString()).code());
    String before = query("SELECT * FROM events ORDER BY id");
    Path good = write("batch/1-good.csv", events(4, 8));
    Path bad = write("batch/2-bad.csv", events(8, 10) + "10,name 10,not a number,2024-01-02\n");

    Run failed = load("events", good.toString(), bad.toString());
    assertEquals(2, failed.code(), failed.out());
    assertTrue(failed.err().contains("2-bad.csv"), failed.err());
    assertTrue(failed.err().contains("not a number"), failed.err());
    assertTrue(failed.err().strip().endsWith("(table events is unchanged)"), failed.err());
    assertEquals(before, query("SELECT * FROM events ORDER BY id"));

    Run replace = load("events", good.toString(), bad.toString(), "--replace");
    assertEquals(2, replace.code());
    assertEquals(before, query("SELECT * FROM events ORDER BY id"));

    // The columns come from the first file, whose amounts are numbers.
    Run create = load("fresh", good.toString(), bad.toString());
    assertEquals(2, create.code());
    assertTrue(create.err().contains("(table fresh was not created)"), create.err());
    Run missing = sluice("sql", "--data", data(), "SELECT * FROM fresh");
    assertEquals(1, missing.code());
  }

  @Test
  void printsPlainProgressLinesWhenNoTerminalWatches() throws IOException {
    // Three batches of 65,536 rows, so the load reports progress before its end.
    Path file = write("big.csv", events(0, 150_000));
    Run run = load("big", file.toString(), "--progress-interval", "0ms");
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.size() >= 3, run.out());
    for (String line : lines.subList(0, lines.size() - 1)) {
      assertTrue(PROGRESS_LINE.matcher(line).matches(), "not a progress line: " + line);
    }
    assertTrue(
        lines.get(lines.size() - 1).startsWith("created table big (4 shards) with 150,000 rows"),
        run.out());
    assertFalse(run.out().contains("\r"), "no bar redrawn in place");
    assertEquals("", run.err(), "nothing on stderr: the bar is off");
  }

  @Test
  void saysWhatIsWrongAndLoadsNothing() throws IOException {
    Path missing = directory.resolve("missing.csv");
    Run noFile = load("t", missing.toString());
    assertEquals(2, noFile.code());
    assertEquals("error: file '" + missing + "' does not exist\n", noFile.err());
    Run noMatch = load("t", directory + "/nothing-*.csv");
    assertEquals(2, noMatch.code());
    assertTrue(noMatch.err().startsWith("error: no file matches "), noMatch.err());

    sluice("sql", "--data", data(), "CREATE TABLE pairs (a INT, b VARCHAR)");
    Path wide = write("wide.csv", "x,y,z\n1,2,3\n");
    Run mismatch = load("pairs", wide.toString());
    assertEquals(2, mismatch.code());
    assertTrue(mismatch.err().startsWith("error: "), mismatch.err());
    assertTrue(mismatch.err().contains("(table pairs is unchanged)"), mismatch.err());
    assertEquals(0, count("pairs"));

    Path pair = write("pair.csv", "a,b\n1,x\n");
    Run exists = load("pairs", pair.toString(), "--create");
    assertEquals(2, exists.code());
    assertTrue(exists.err().contains("table pairs already exists"), exists.err());
    Run shards = load("pairs", pair.toString(), "--shards", "3");
    assertEquals(2, shards.code());
    assertTrue(shards.err().contains("--replace"), shards.err());
    Run both = load("pairs", pair.toString(), "--create", "--replace");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("mutually exclusive"), both.err());

    Path json = write("one.json", "{\"a\": 1, \"b\": \"x\"}\n");
    Run mixed = load("pairs", pair.toString(), json.toString());
    assertEquals(2, mixed.code());
    assertTrue(mixed.err().contains("not all of one format"), mixed.err());
    Run badOption = load("pairs", json.toString(), "--delimiter", ";");
    assertEquals(2, badOption.code());
    assertTrue(
        badOption.err().contains("'delimiter' does not apply to reading json files"),
        badOption.err());
    assertEquals(0, count("pairs"));
  }
}
