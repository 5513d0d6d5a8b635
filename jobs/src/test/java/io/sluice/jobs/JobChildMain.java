package io.sluice.jobs;

import java.nio.file.Path;

/**
 * Runs one job in its own JVM, as {@code ./sluice job run} does, for the tests that kill, signal or
 * cancel a job's process: {@code dataDir module function output}. Prints {@code started <id>} once
 * the job runs, then its final state; exits 0 when it succeeded, 1 otherwise.
 */
public final class JobChildMain {
  private JobChildMain() {}

  public static void main(String[] args) throws Exception {
    Path module = Path.of(args[1]);
    try (Sluice sluice = Sluice.open(Path.of(args[0]))) {
      JobHandle job =
          sluice
              .dataset("texts")
              .map(module, args[2])
              .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
              .parallelism(2)
              .start(args[3]);
      System.out.println("started " + job.id());
      System.out.flush();
      try (ShutdownCancellation hook = ShutdownCancellation.install(job)) {
        JobStatus done = job.await();
        System.out.println(done.state());
      } catch (JobException e) {
        System.out.println(e.status().state());
        System.exit(1);
      }
    }
  }
}
