package io.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice shell}: an interactive SQL prompt (JLine) with line editing, history kept in the
 * data directory, and statements that span lines until their semicolon.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = "An interactive SQL prompt. End statements with ; and quit with \\q or Ctrl-D.")
final class ShellCommand implements Callable<Integer> {
  static final String HELP =
      "Statements end with ';' and may span lines. Commands:\n"
          + "  \\q                   quit (also Ctrl-D)\n"
          + "  \\format table|csv|json  how results are printed\n"
          + "  \\timing              show or hide how long statements take\n"
          + "  \\help                this help\n"
          + "Try: SHOW TABLES; SHOW FUNCTIONS; SELECT * FROM sys.queries;";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      defaultValue = "./sluice-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output format: table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  /** Test hook: the shell's input and output instead of the system terminal. */
  InputStream input;

  OutputStream output;

  @Override
  public Integer call() throws IOException {
    ResultFormat resultFormat = format(format, spec);
    try (Terminal terminal =
        input != null
            ? new DumbTerminal("sluice", "dumb", input, output, StandardCharsets.UTF_8)
            : TerminalBuilder.builder().system(true).build()) {
      PrintWriter out = terminal.writer();
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("sluice")
              .parser(new StatementParser())
              .variable(LineReader.HISTORY_FILE, data.resolve(".sluice_history"))
              .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
              .build();
      return loop(reader, out, resultFormat);
    }
  }

  private int loop(LineReader reader, PrintWriter out, ResultFormat initial) {
    ResultFormat current = initial;
    boolean timing = true;
    SqlRunner runner;
    try {
      runner = new SqlRunner(data, current, out);
    } catch (SQLException e) {
      out.println("error: " + SqlRunner.message(e));
      out.flush();
      return 1;
    }
    out.println("Sluice shell on " + data.toAbsolutePath() + ". Type \\help for help.");
    out.flush();
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine("sluice> ");
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        String command = line.strip();
        if (command.isEmpty()) {
          continue;
        }
        if (command.startsWith("\\")) {
          String[] words = command.split("\\s+");
          switch (words[0]) {
            case "\\q":
              return 0;
            case "\\help":
            case "\\?":
              out.println(HELP);
              break;
            case "\\timing":
              timing = !timing;
              out.println("timing is " + (timing ? "on" : "off"));
              break;
            case "\\format":
              if (words.length != 2) {
                out.println("usage: \\format table|csv|json");
                break;
              }
              try {
                current = ResultFormat.valueOf(words[1].toUpperCase(Locale.ROOT));
                runner.close();
                runner = new SqlRunner(data, current, out);
                out.println("format is " + words[1]);
              } catch (IllegalArgumentException e) {
                out.println("unknown format " + words[1] + "; use table, csv or json");
              }
              break;
            default:
              out.println("unknown command " + words[0] + "; \\help lists them");
          }
          out.flush();
          continue;
        }
        for (String sql : StatementSplitter.split(command)) {
          try {
            runner.run(sql, timing);
          } catch (SQLException e) {
            out.println("error: " + SqlRunner.message(e));
          }
        }
        out.flush();
      }
      return 0;
    } catch (SQLException e) {
      out.println("error: " + SqlRunner.message(e));
      return 1;
    } finally {
      try {
        runner.close();
      } catch (SQLException e) {
        out.println("error: " + SqlRunner.message(e));
      }
      out.flush();
    }
  }

  static ResultFormat format(String name, CommandSpec spec) {
    try {
      return ResultFormat.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--format must be table, csv or json, not " + name);
    }
  }

  /** Accepts a line only once its statement is complete (ends with a semicolon). */
  static final class StatementParser extends DefaultParser {
    StatementParser() {
      setEofOnUnclosedQuote(false);
      setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      String stripped = line.strip();
      if (context == ParseContext.ACCEPT_LINE
          && !stripped.isEmpty()
          && !stripped.startsWith("\\")
          && StatementSplitter.isIncomplete(line)) {
        throw new EOFError(-1, -1, "the statement continues until ;", "statement");
      }
      return super.parse(line, cursor, context);
    }
  }

  /** For tests: runs the shell over the given streams. */
  static int run(Path data, InputStream in, OutputStream out, List<String> args) {
    ShellCommand shell = new ShellCommand();
    shell.input = in;
    shell.output = out;
    picocli.CommandLine cli = new picocli.CommandLine(shell);
    String[] all = new String[args.size() + 2];
    all[0] = "--data";
    all[1] = data.toString();
    for (int i = 0; i < args.size(); i++) {
      all[i + 2] = args.get(i);
    }
    return cli.execute(all);
  }
}
