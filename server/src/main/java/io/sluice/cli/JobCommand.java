package io.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job}: batch map-reduce jobs whose wasm functions run next to the data (see
 * docs/jobs.md). The verbs are subcommands; alone it prints their list.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Run map-reduce jobs with wasm functions next to the data, and manage them.",
    subcommands = {
      JobRunCommand.class,
      JobListCommand.class,
      JobStatusCommand.class,
      JobCancelCommand.class,
      JobGenerateCommand.class
    })
final class JobCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
