package io.sluice.cli;

import io.sluice.jobs.JobSignals;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.Sluice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job cancel ID}: stops a running job. The job runs in the process that has the store
 * open (a {@code job run}, or a server), which this command cannot reach through the store: it
 * leaves a cancellation request in the data directory, which the job polls twice a second, and
 * waits to see the job end.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description =
        "Cancel a running job: it stops, publishes nothing and removes its temporary data.")
final class JobCancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobDataOption store;

  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Option(
      names = "--wait",
      defaultValue = "30",
      description = "Seconds to wait for the job to end (default: ${DEFAULT-VALUE}).")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Sluice> opened = store.openUnlessInUse();
    if (opened.isPresent()) {
      // Nobody else has the store: the job cannot be running anywhere.
      try (Sluice sluice = opened.get()) {
        Optional<JobStatus> job = sluice.jobs().status(id);
        err.println(
            job.isEmpty()
                ? "error: there is no job " + id
                : "error: job " + id + " is not running; it is " + job.get().state());
        return 1;
      }
    }
    if (!JobSignals.requestCancel(store.data, id)) {
      err.println("error: another process has the store open and is not running job " + id);
      return 1;
    }
    out.println("asked the process running job " + id + " to cancel it");
    out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<JobStatus> last = JobSignals.lastKnown(store.data, id);
      if (last.isEmpty() || last.get().state().isFinal()) {
        out.println(
            last.map(job -> "job " + id + " is " + job.state() + ": " + job.error())
                .orElse("job " + id + " ended"));
        return 0;
      }
      Thread.sleep(100);
    }
    err.println("error: job " + id + " did not end within " + waitSeconds + " s");
    return 1;
  }
}
