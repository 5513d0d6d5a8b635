package io.sluice.jobs;

import io.sluice.jobs.internal.JobRunHooks;
import java.nio.file.Path;

/**
 * Runs one job in its own JVM, as {@code ./sluice job run} does, for the tests that kill, signal or
 * cancel a job's process: {@code dataDir map reduce output [pause-after-publish]}, the functions as
 * {@code module.wasm:name}, the input being the table {@code texts}. Prints {@code started <id>}
 * once the job runs, then its final state; exits 0 when it succeeded, 1 otherwise. With {@code
 * pause-after-publish} it prints {@code published} as soon as the output is published and then
 * hangs before doing anything else, for the test to kill it there.
 */
public final class JobChildMain {
  private JobChildMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 4 && args[4].equals("pause-after-publish")) {
      JobRunHooks.afterPublish(
          () -> {
            System.out.println("published");
            System.out.flush();
            while (true) {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                // hangs until killed
              }
            }
          });
    }
    try (Sluice sluice = Sluice.open(Path.of(args[0]))) {
      JobHandle job =
          sluice
              .dataset("texts")
              .map(WasmFunctionRef.parse(args[1]))
              .reduceByKey(WasmFunctionRef.parse(args[2]))
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
