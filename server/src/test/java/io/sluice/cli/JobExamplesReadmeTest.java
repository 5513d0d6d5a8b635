package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the commands of examples/udfs/jobs/README.md (its word count, inverted index and log
 * analytics sections, in order, against a fresh data directory) and checks the results the README
 * states, so the examples cannot rot.
 */
class JobExamplesReadmeTest {
  private static final Path README = Path.of("..", "examples", "udfs", "jobs", "README.md");

  @TempDir Path data;

  @Test
  void theReadmesCommandsRunAndGiveWhatItSays() throws Exception {
    String readme = Files.readString(README);
    StringBuilder output = new StringBuilder();
    for (String section : List.of("## Word count", "## Inverted index", "## Log analytics")) {
      for (List<String> command : commands(shBlock(readme, section))) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(command.toArray(String[]::new));
        assertEquals(0, code, command + "\n" + out + err);
        output.append(out);
      }
    }
    String all = output.toString();
    assertTrue(all.contains(" ka   |      81068\n lo   |      40497\n mi   |      27094\n"), all);
    assertTrue(all.contains(" naïve | 950,1238,1275,1437,"), all);
    assertTrue(all.contains("289 rows written to hits_per_hour"), all);
    assertTrue(all.contains(" unparsed             |        939\n"), all);
    assertTrue(all.contains("850,285 mapped, 37,998 shuffled (1.1 MiB), 19,939 rows written"), all);
  }

  /** The first ```sh block after a heading. */
  private static String shBlock(String readme, String heading) {
    int at = readme.indexOf("```sh\n", readme.indexOf(heading));
    int end = readme.indexOf("```\n", at + 6);
    return readme.substring(at + 6, end);
  }

  /**
   * The {@code ./sluice} commands of a block as arguments: lines joined after a backslash and
   * inside double quotes, comments dropped, paths made to work from this module.
   */
  private List<List<String>> commands(String block) {
    List<List<String>> commands = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : block.split("\n")) {
      pending.append(line).append('\n');
      String text = pending.toString();
      if (text.stripTrailing().endsWith("\\") || quotes(text) % 2 == 1) {
        continue;
      }
      List<String> words = words(text.replace("\\\n", " "));
      pending.setLength(0);
      if (words.isEmpty()) {
        continue;
      }
      assertEquals("./sluice", words.get(0), text);
      List<String> args = new ArrayList<>();
      for (String word : words.subList(1, words.size())) {
        args.add(
            word.replace("/tmp/jobs", data.toString())
                .replace("examples/udfs/", "../examples/udfs/"));
      }
      commands.add(args);
    }
    return commands;
  }

  private static int quotes(String text) {
    int comment = text.indexOf(" #");
    return (int)
        (comment < 0 ? text : text.substring(0, comment)).chars().filter(c -> c == '"').count();
  }

  /**
   * Splits like a shell: blanks separate words, double quotes group, {@code #} starts a comment.
   */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '#' && word == null) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
