package io.sluice.cli;

import io.sluice.jobs.JobListener;
import io.sluice.jobs.JobStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a running job: on a terminal, a progress bar (the share of the work done, by task and by
 * rows within running tasks; tasks done; rows read per second; ETA) redrawn in place on stderr;
 * otherwise a plain line every few seconds, fit for logs.
 */
abstract class JobProgress implements JobListener, AutoCloseable {
  /** Steps of the bar: progress is a fraction. */
  private static final int STEPS = 1000;

  /**
   * @param terminal whether a person watches a terminal
   * @param out where plain lines go
   * @return the display
   */
  static JobProgress create(boolean terminal, PrintWriter out) {
    return terminal ? new Bar() : new Lines(out, Duration.ofSeconds(2));
  }

  @Override
  public void close() {}

  /** The progress bar of a terminal. */
  private static final class Bar extends JobProgress {
    private ProgressBar bar;

    @Override
    public synchronized void onProgress(JobStatus job) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("job " + job.id())
                .setInitialMax(STEPS)
                // A fixed width: asking the terminal for its width (through jline) writes
                // capability queries that a terminal may echo back into the shell.
                .setConsumer(new ConsoleProgressBarConsumer(System.err, width()))
                .setUnit("%", STEPS / 100)
                .setUpdateIntervalMillis(250)
                .hideEta()
                .build();
      }
      bar.stepTo(Math.round(job.progress() * STEPS));
      Instant now = Instant.now();
      String eta = eta(job, now);
      bar.setExtraMessage(
          JobReport.tasks(job)
              + " | "
              + JobReport.rate(job.inputRowsPerSecond(now))
              + " rows/s"
              + (eta.isEmpty() ? "" : " | ETA " + eta));
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }

    /** The terminal's width as the shell exports it, else a common one. */
    private static int width() {
      try {
        return Math.max(60, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
      } catch (NumberFormatException e) {
        return 100;
      }
    }
  }

  /** Plain lines, at most one every {@code interval}. */
  private static final class Lines extends JobProgress {
    private final PrintWriter out;
    private final Duration interval;
    // The first line comes after one interval: quick jobs print none.
    private Instant last = Instant.now();

    Lines(PrintWriter out, Duration interval) {
      this.out = out;
      this.interval = interval;
    }

    @Override
    public synchronized void onProgress(JobStatus job) {
      Instant now = Instant.now();
      if (job.state().isFinal() || now.isBefore(last.plus(interval))) {
        return;
      }
      last = now;
      if (job.tasks().isEmpty()) {
        out.println("job " + job.id() + " running: preparing the input");
        out.flush();
        return;
      }
      String eta = eta(job, now);
      out.println(
          "job "
              + job.id()
              + " "
              + job.state().name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + JobReport.progress(job, now)
              + ", "
              + Math.round(job.progress() * 100)
              + "% done"
              + (eta.isEmpty() ? "" : ", ETA " + eta));
      out.flush();
    }
  }

  /** Time left at the rate so far; empty until there is a rate to go by. */
  static String eta(JobStatus job, Instant now) {
    double done = job.progress();
    Duration elapsed = job.elapsed(now);
    if (done <= 0.01 || done >= 1 || elapsed.isZero()) {
      return "";
    }
    long leftMillis = (long) (elapsed.toMillis() * (1 - done) / done);
    return JobReport.duration(Duration.ofMillis(leftMillis));
  }
}
