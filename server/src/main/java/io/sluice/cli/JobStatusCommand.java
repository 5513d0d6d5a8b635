package io.sluice.cli;

import io.sluice.jobs.JobSignals;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.Sluice;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job status ID}: one job in detail, its tasks' counters included; from the live
 * status file when another process has the store open and runs the job.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a job: spec, state, times, counters, error and tasks.")
final class JobStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobDataOption store;

  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Sluice> opened = store.openUnlessInUse();
    if (opened.isEmpty()) {
      Optional<JobStatus> live = JobSignals.running(store.data, id);
      if (live.isEmpty()) {
        err.println(
            "error: another process has the store open and is not running job "
                + id
                + "; its record can be read once the store is free");
        return 1;
      }
      out.println("(live, from process " + live.get().pid() + ")");
      JobReport.detail(live.get(), out);
      return 0;
    }
    try (Sluice sluice = opened.get()) {
      Optional<JobStatus> job = sluice.jobs().status(id);
      if (job.isEmpty()) {
        err.println("error: there is no job " + id);
        return 1;
      }
      JobReport.detail(job.get(), out);
      return 0;
    }
  }
}
