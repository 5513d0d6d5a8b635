package io.sluice.cli;

import io.sluice.server.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice server hash-password USER}: reads a password (from the terminal without echo, or
 * the first line of standard input) and prints the config line that lets USER sign in with it.
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description =
        "Print a config line (user.NAME = pbkdf2-sha256$...) for a password read from the"
            + " terminal or standard input.")
final class HashPasswordCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "The user's name.")
  String user;

  @Option(
      names = "--iterations",
      description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS)
  int iterations;

  @Override
  public Integer call() throws Exception {
    if (user.isEmpty() || user.contains(":") || user.contains("=") || user.isBlank()) {
      throw new ParameterException(spec.commandLine(), "USER must be non-empty, without : or =");
    }
    if (iterations < 1) {
      throw new ParameterException(spec.commandLine(), "--iterations must be at least 1");
    }
    char[] password = readPassword();
    if (password == null || password.length == 0) {
      spec.commandLine().getErr().println("error: no password given");
      return 2;
    }
    PasswordHash hash = PasswordHash.create(password, iterations);
    Arrays.fill(password, '\0');
    spec.commandLine().getOut().println("user." + user + " = " + hash);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static char[] readPassword() throws java.io.IOException {
    Console console = System.console();
    if (console != null) {
      return console.readPassword("password: ");
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? null : line.toCharArray();
  }
}
