package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.server.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice server} and {@code sluice server hash-password}, run in-process. */
class ServerCommandTest {
  @TempDir Path data;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = SluiceCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void hashPasswordPrintsAConfigLineThatChecksThePassword() {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
      Run run = run("server", "hash-password", "--iterations", "1000", "carol");
      assertEquals(0, run.code(), run.err());
      String line = run.out().strip();
      assertTrue(line.startsWith("user.carol = pbkdf2-sha256$1000$"), line);
      PasswordHash hash = PasswordHash.parse(line.substring(line.indexOf('=') + 1));
      assertTrue(hash.matches("correct horse".toCharArray()));
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void refusesToServeTheNetworkWithoutUsers() {
    Run run = run("server", "--data", data.toString(), "--bind", "0.0.0.0", "--port", "0");
    assertEquals(2, run.code());
    assertTrue(
        run.err().startsWith("error: refusing to listen on 0.0.0.0 without users"), run.err());
  }
}
