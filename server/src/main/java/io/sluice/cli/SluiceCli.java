package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./sluice} launcher: dispatches to one subcommand per verb. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCli.Version.class,
    description = "Sluice: a compute-to-data engine running WebAssembly next to Arrow data.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      SqlCommand.class,
      ShellCommand.class,
      LoadCommand.class,
      ExportCommand.class,
      JobCommand.class,
      ServerCommand.class
    })
public final class SluiceCli {

  private SluiceCli() {}

  /**
   * Runs the command line and exits with its status: 0 on success, non-zero with the error on
   * stderr.
   *
   * @param args the arguments after {@code sluice}
   */
  public static void main(String[] args) {
    // Libraries (Arrow) log their set-up at INFO; a command's own report is what users should see.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * @return the configured command line, also used by tests to run commands in-process
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SluiceCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + messageOf(e));
          if (Boolean.getBoolean("sluice.debug")) {
            e.printStackTrace(commandLine.getErr());
          }
          return 2;
        });
    return cli;
  }

  private static String messageOf(Throwable e) {
    if (e instanceof java.sql.SQLException sql) {
      return SqlRunner.message(sql);
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Reports the version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SluiceCli.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (version == null ? "development" : version)};
    }
  }
}
