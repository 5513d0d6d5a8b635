package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.LoadCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice export} as a person runs it: a table written to each format and loaded back
 * unchanged, a query's rows written to CSV, progress lines, and failures that leave no file.
 */
class ExportCommandTest {
  @TempDir Path directory;

  private String data() {
    return directory.resolve("data").toString();
  }

  private Run export(String... args) {
    List<String> all = new ArrayList<>(List.of("export", "--data", data(), "--progress", "lines"));
    all.addAll(List.of(args));
    return LoadCommandTest.sluice(all.toArray(String[]::new));
  }

  private Run load(String... args) {
    List<String> all = new ArrayList<>(List.of("load", "--data", data(), "--progress", "lines"));
    all.addAll(List.of(args));
    return LoadCommandTest.sluice(all.toArray(String[]::new));
  }

  private String query(String sql) {
    Run run = LoadCommandTest.sluice("sql", "--data", data(), "--format", "csv", sql);
    assertEquals(0, run.code(), run.err());
    return run.out().replace("\r", "");
  }

  /** Table t: numbers, text with a comma and a quote, NULLs, dates and timestamps. */
  @BeforeEach
  void createTable() throws IOException {
    StringBuilder csv = new StringBuilder("id,name,amount,visit_day,seen\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i)
          .append(',')
          .append(i % 10 == 0 ? "" : "\"name " + i + ", \"\"quoted\"\"\"")
          .append(',')
          .append(i % 7 == 0 ? "" : Double.toString(i * 0.25))
          .append(",2024-02-")
          .append(String.format("%02d", i % 28 + 1))
          .append(",2024-02-01T10:")
          .append(String.format("%02d:%02d", i / 60, i % 60))
          .append('\n');
    }
    Path file = directory.resolve("t.csv");
    Files.writeString(file, csv);
    Run run = load("t", file.toString());
    assertEquals(0, run.code(), run.err());
  }

  @Test
  void writesEveryFormatAndLoadsBackTheSameRows() {
    String original = query("SELECT * FROM t ORDER BY id");
    assertTrue(original.contains("\"name 1, \"\"quoted\"\"\""), original);
    for (String name : List.of("t.parquet", "t.arrow", "t.json", "out.csv", "t.csv.gz")) {
      Path file = directory.resolve("exported").resolve(name);
      file.getParent().toFile().mkdirs();
      Run exported = export("t", file.toString());
      assertEquals(0, exported.code(), name + ": " + exported.err());
      assertTrue(
          LoadCommandTest.lastLine(exported.out())
              .startsWith("exported 200 rows of t to " + file + " ("),
          exported.out());
      assertTrue(Files.isRegularFile(file), name);

      String back = "back_" + name.replace('.', '_');
      Run loaded = load(back, file.toString());
      assertEquals(0, loaded.code(), name + ": " + loaded.err());
      assertEquals(original, query("SELECT * FROM " + back + " ORDER BY id"), name);
    }
  }

  @Test
  void writesAQueryResult() throws IOException {
    Path file = directory.resolve("by_day.csv");
    Run run =
        export(
            "--query",
            "SELECT visit_day, COUNT(*) AS n FROM t WHERE visit_day <= DATE '2024-02-03' GROUP BY visit_day ORDER BY"
                + " visit_day",
            file.toString(),
            "--delimiter",
            ";");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        LoadCommandTest.lastLine(run.out()).startsWith("exported 3 rows of the query to "),
        run.out());
    assertEquals(
        "visit_day;n\n2024-02-01;8\n2024-02-02;8\n2024-02-03;8\n",
        Files.readString(file).replace("\r", ""));

    Path empty = directory.resolve("empty.csv");
    Run none = export("--query", "SELECT id, name FROM t WHERE id < 0", empty.toString());
    assertEquals(0, none.code(), none.err());
    assertTrue(LoadCommandTest.lastLine(none.out()).startsWith("exported 0 rows"), none.out());
    assertEquals("id,name\n", Files.readString(empty).replace("\r", ""));
  }

  @Test
  void printsPlainProgressLinesWithRowsOfTheTable() {
    Path file = directory.resolve("t.parquet");
    Run run = export("t", file.toString(), "--progress-interval", "0ms");
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(
        lines.get(0).matches("export t: 200 of 200 rows \\(100%\\), [0-9.]+[kM]? rows/s"),
        lines.get(0));
    assertTrue(lines.get(1).startsWith("exported 200 rows of t"), run.out());

    Run query =
        export("--query", "SELECT id FROM t", file.toString(), "--progress-interval", "0ms");
    assertEquals(0, query.code(), query.err());
    assertTrue(
        query.out().lines().findFirst().orElseThrow().matches("export query: 200 rows, .* rows/s"),
        query.out());
  }

  @Test
  void failsWithoutLeavingAFile() throws IOException {
    Path file = directory.resolve("out.parquet");
    Run unknown = export("nope", file.toString());
    assertEquals(2, unknown.code());
    assertEquals("error: table nope does not exist\n", unknown.err());

    Run option = export("t", file.toString(), "--delimiter", ";");
    assertEquals(2, option.code());
    assertEquals(
        "error: file option 'delimiter' does not apply to writing parquet files\n", option.err());

    Run both = export("--query", "SELECT 1", "t", file.toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("with --query, name only the FILE"), both.err());

    Run noDirectory = export("t", directory.resolve("missing/out.csv").toString());
    assertEquals(2, noDirectory.code());
    assertTrue(noDirectory.err().contains("its directory does not exist"), noDirectory.err());
    assertFalse(Files.exists(file));

    // A query failing while rows are written leaves an existing file as it was, and no other.
    Path kept = directory.resolve("kept.csv");
    Files.writeString(kept, "old\n");
    Run failing = export("--query", "SELECT id, 10 / (id - 150) AS x FROM t", kept.toString());
    assertEquals(2, failing.code(), failing.out());
    assertTrue(failing.err().startsWith("error: "), failing.err());
    assertEquals("old\n", Files.readString(kept));
    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(
          List.of("data", "kept.csv", "t.csv"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
