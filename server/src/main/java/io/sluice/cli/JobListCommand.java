package io.sluice.cli;

import io.sluice.jobs.JobSignals;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.Sluice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job list}: every job of the store with its state. When another process has the
 * store open, lists the jobs that process is running, from their live status files.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the store's jobs.")
final class JobListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobDataOption store;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Sluice> opened = store.openUnlessInUse();
    if (opened.isEmpty()) {
      List<JobStatus> running = JobSignals.running(store.data);
      out.println(
          "another process has the store open; "
              + (running.isEmpty()
                  ? "it runs no job now"
                  : "the jobs it runs now (the others are listed once the store is free):"));
      if (!running.isEmpty()) {
        JobReport.list(running, out);
      }
      return 0;
    }
    try (Sluice sluice = opened.get()) {
      List<JobStatus> jobs = sluice.jobs().list();
      if (jobs.isEmpty()) {
        out.println("no jobs yet");
      } else {
        JobReport.list(jobs, out);
      }
    }
    return 0;
  }
}
