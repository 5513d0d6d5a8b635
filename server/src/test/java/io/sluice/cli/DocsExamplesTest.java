package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code sql} block of docs/sql.md, in order, on a fresh store, and checks its output
 * against the {@code text} block that follows it, so the reference cannot drift from the engine.
 * With {@code -Ddocs.regenerate=true} it rewrites the outputs instead.
 */
class DocsExamplesTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOC = REPOSITORY.resolve("docs").resolve("sql.md");

  @TempDir Path data;
  @TempDir Path files;

  /** A fenced block: its kind ({@code sql}, {@code text}...), text and line span in the file. */
  private record Block(String kind, String text, int start, int end) {}

  @Test
  void everyExampleRunsAndPrintsWhatTheReferenceShows() throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    List<Block> blocks = blocks(lines);
    int examples = 0;
    List<String> failures = new ArrayList<>();
    List<String[]> replacements = new ArrayList<>();
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    // One session for the whole page, as a reader typing the examples into a shell would have.
    try (SqlRunner runner = new SqlRunner(data, REPOSITORY, files, ResultFormat.TABLE, out)) {
      for (int i = 0; i < blocks.size(); i++) {
        Block block = blocks.get(i);
        if (!block.kind().equals("sql")) {
          continue;
        }
        examples++;
        text.getBuffer().setLength(0);
        String actual = run(runner, out, text, block.text());
        Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
        if (next == null || !next.kind().equals("text") || next.start() != block.end() + 2) {
          failures.add(
              "the sql block at line " + (block.start() + 1) + " has no text block after it");
          continue;
        }
        if (!normalize(actual).equals(normalize(next.text()))) {
          failures.add(
              "line " + (next.start() + 1) + ": expected\n" + next.text() + "\nbut got\n" + actual);
          replacements.add(
              new String[] {Integer.toString(next.start()), Integer.toString(next.end()), actual});
        }
      }
    }
    if (Boolean.getBoolean("docs.regenerate") && !replacements.isEmpty()) {
      for (int r = replacements.size() - 1; r >= 0; r--) {
        String[] replacement = replacements.get(r);
        int start = Integer.parseInt(replacement[0]);
        int end = Integer.parseInt(replacement[1]);
        List<String> output = List.of(replacement[2].split("\n", -1));
        lines.subList(start + 1, end).clear();
        lines.addAll(start + 1, output);
      }
      Files.write(DOC, lines);
      return;
    }
    assertTrue(examples >= 7, "docs/sql.md should keep its examples; found " + examples);
    assertEquals(List.of(), failures);
  }

  private static String run(SqlRunner runner, PrintWriter out, StringWriter text, String sql) {
    for (String statement : StatementSplitter.split(sql)) {
      try {
        runner.run(statement, false);
      } catch (SQLException e) {
        out.println("error: " + SqlRunner.message(e));
      }
    }
    out.flush();
    return normalize(text.toString());
  }

  private static String normalize(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : sha(text).split("\n")) {
      out.append(line.stripTrailing()).append('\n');
    }
    // Drop blank lines at both ends, keep each line's own leading spaces.
    return out.toString().replaceAll("^\\n+", "").stripTrailing();
  }

  private static String sha(String text) {
    return text.replaceAll("\\b[0-9a-f]{64}\\b", "MODULE_SHA256");
  }

  private static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```") && line.length() > 3) {
        String kind = line.substring(3).strip();
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
          end++;
        }
        blocks.add(new Block(kind, String.join("\n", lines.subList(i + 1, end)), i, end));
        i = end;
      } else if (line.equals("```")) {
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
          end++;
        }
        i = end;
      }
    }
    return blocks;
  }
}
