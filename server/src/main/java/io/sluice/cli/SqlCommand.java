package io.sluice.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice sql}: runs one statement, or several separated by semicolons, and prints their
 * results. Stops at the first failing statement: its error goes to stderr and the exit code is 1.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run SQL statements (separated by ;) and print their results.")
final class SqlCommand implements Callable<Integer> {

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

  @Option(
      names = {"-f", "--file"},
      description = "Read the statements from a file (- for standard input).")
  String file;

  @Parameters(arity = "0..*", paramLabel = "STATEMENT", description = "The statement(s) to run.")
  List<String> statement;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResultFormat resultFormat = ShellCommand.format(format, spec);
    String script;
    if (file != null) {
      script =
          file.equals("-")
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } else if (statement != null && !statement.isEmpty()) {
      script = String.join(" ", statement);
    } else {
      err.println("error: give a statement, or --file");
      return 2;
    }
    List<String> statements = StatementSplitter.split(script);
    if (statements.isEmpty()) {
      err.println("error: no statement to run");
      return 2;
    }
    try (SqlRunner runner = new SqlRunner(data, resultFormat, out)) {
      for (String sql : statements) {
        try {
          runner.run(sql, false);
        } catch (SQLException e) {
          out.flush();
          err.println("error: " + SqlRunner.message(e));
          err.flush();
          return 1;
        }
      }
    } catch (SQLException e) {
      err.println("error: " + SqlRunner.message(e));
      return 1;
    }
    return 0;
  }
}
