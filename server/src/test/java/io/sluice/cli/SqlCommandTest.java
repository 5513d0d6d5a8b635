package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice sql} and {@code sluice shell}, run in-process as a person would run them. */
class SqlCommandTest {
  @TempDir Path data;

  private record Run(int code, String out, String err) {}

  private Run sql(String... args) {
    CommandLine cli = SluiceCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 3];
    all[0] = "sql";
    all[1] = "--data";
    all[2] = data.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    int code = cli.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void runsSeveralStatementsAndPrintsATable() {
    Run run =
        sql(
            "CREATE TABLE t (id BIGINT, name VARCHAR); INSERT INTO t VALUES (1, 'a;b'), (2, NULL);"
                + " SELECT * FROM t ORDER BY id");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("OK, 2 rows"), run.out());
    assertTrue(run.out().contains(" id | name"), run.out());
    assertTrue(run.out().contains("  1 | a;b"), run.out());
    assertTrue(run.out().contains("  2 | NULL"), run.out());
    assertTrue(run.out().contains("(2 rows)"), run.out());
  }

  @Test
  void printsCsvAndJson() {
    sql(
        "CREATE TABLE t (id INT, name VARCHAR, d DOUBLE); INSERT INTO t VALUES (1, 'x,\"y\"', 0.5)");
    Run csv = sql("--format", "csv", "SELECT * FROM t");
    assertEquals("id,name,d\n1,\"x,\"\"y\"\"\",0.5\n", csv.out().replace("\r", ""));
    Run json = sql("--format", "json", "SELECT * FROM t");
    assertEquals(
        "[\n  {\"id\": 1, \"name\": \"x,\\\"y\\\"\", \"d\": 0.5}\n]\n",
        json.out().replace("\r", ""));
  }

  @Test
  void failsWithTheErrorOnStderrAndExitCodeOne() {
    Run run = sql("SELECT * FROM missing");
    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("error: "), run.err());
    assertTrue(run.err().contains("Object 'missing' not found"), run.err());
    Run syntax = sql("SELEC 1");
    assertEquals(1, syntax.code());
    assertTrue(syntax.err().contains("syntax error"), syntax.err());
    assertTrue(syntax.err().contains("line 1, column 1"), syntax.err());
    Run none = sql();
    assertEquals(2, none.code());
  }

  @Test
  void theShellReadsMultiLineStatementsAndCommands() {
    String input =
        "CREATE TABLE t (id BIGINT);\n"
            + "INSERT INTO t\n VALUES (1), (2), (3);\n"
            + "\\format csv\n"
            + "SELECT COUNT(*) AS n\nFROM t;\n"
            + "SELECT * FROM nope;\n"
            + "\\q\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ShellCommand.run(
            data, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, List.of());
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains("OK, 3 rows"), text);
    assertTrue(text.contains("format is csv"), text);
    assertTrue(text.contains("n\n3") || text.contains("n\r\n3"), text);
    assertTrue(text.contains("error: "), text);
  }
}
