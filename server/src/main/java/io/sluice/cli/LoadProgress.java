package io.sluice.cli;

import io.sluice.connectors.SourceStatistics;
import io.sluice.sql.load.Loads;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a running load or export: on a terminal, a progress bar redrawn in place on stderr (bytes
 * read of the files' size for a load, rows written for an export; rows done, rows per second and
 * ETA beside it); otherwise a plain line every few seconds, fit for logs. Updates may come from any
 * thread.
 */
abstract class LoadProgress implements Loads.Progress, AutoCloseable {
  /** What the bar measures the work in. */
  enum Unit {
    /** Bytes of the input files: a load, whose total is their size. */
    BYTES,
    /** Rows: an export, whose total is known for a table and not for a query. */
    ROWS
  }

  final String task;
  final Unit unit;
  final long startNanos = System.nanoTime();

  private LoadProgress(String task, Unit unit) {
    this.task = task;
    this.unit = unit;
  }

  /**
   * @param task what the work is called, e.g. {@code load events}
   * @param unit what the bar counts
   * @param terminal whether a person watches a terminal
   * @param out where plain lines go
   * @param interval the least time between two plain lines; the first comes after one interval
   * @return the display
   */
  static LoadProgress create(
      String task, Unit unit, boolean terminal, PrintWriter out, Duration interval) {
    return terminal ? new Bar(task, unit) : new Lines(task, unit, out, interval);
  }

  @Override
  public void update(SourceStatistics read) {
    update(read.bytesRead(), read.bytesTotal(), read.rowsRead());
  }

  /**
   * @param done bytes or rows (the unit) done so far
   * @param total bytes or rows to do, or 0 when unknown
   * @param rows rows done so far
   */
  abstract void update(long done, long total, long rows);

  @Override
  public void close() {}

  /** Rows per second since the start. */
  double rowsPerSecond(long rows, long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed <= 0 ? 0 : rows * 1e9 / elapsed;
  }

  /** Time left at the rate so far; empty while there is no rate to go by, or no total. */
  String eta(long done, long total, long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (total <= 0 || done >= total || done <= total / 100 || elapsed <= 0) {
      return "";
    }
    long leftNanos = (long) (elapsed * (double) (total - done) / done);
    return JobReport.duration(Duration.ofNanos(leftNanos));
  }

  /** The progress bar of a terminal. */
  private static final class Bar extends LoadProgress {
    private ProgressBar bar;

    Bar(String task, Unit unit) {
      super(task, unit);
    }

    @Override
    synchronized void update(long done, long total, long rows) {
      if (bar == null) {
        ProgressBarBuilder builder =
            new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                // A fixed width: asking the terminal for its width (through jline) writes
                // capability queries that a terminal may echo back into the shell.
                .setConsumer(new ConsoleProgressBarConsumer(System.err, width()))
                .setUpdateIntervalMillis(250)
                .hideEta();
        if (unit == Unit.BYTES) {
          long scale = scale(total);
          builder.setUnit(" " + scaleName(scale), scale);
        } else {
          builder.setUnit(" rows", 1);
        }
        bar = builder.build();
      }
      if (total > 0 && total != bar.getMax()) {
        bar.maxHint(total);
      }
      bar.stepTo(done);
      long now = System.nanoTime();
      String eta = eta(done, total, now);
      bar.setExtraMessage(
          (unit == Unit.BYTES ? JobReport.count(rows) + " rows | " : "")
              + JobReport.rate(rowsPerSecond(rows, now))
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

    /** The largest binary unit the total is at least ten of: the bar prints whole units. */
    private static long scale(long total) {
      long scale = 1;
      while (scale < (1L << 30) && total / (scale << 10) >= 10) {
        scale <<= 10;
      }
      return scale;
    }

    private static String scaleName(long scale) {
      return switch (Long.numberOfTrailingZeros(scale)) {
        case 10 -> "KiB";
        case 20 -> "MiB";
        case 30 -> "GiB";
        default -> "B";
      };
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
  private static final class Lines extends LoadProgress {
    private final PrintWriter out;
    private final long intervalNanos;
    // The first line comes after one interval: quick loads print none.
    private long last = startNanos;

    Lines(String task, Unit unit, PrintWriter out, Duration interval) {
      super(task, unit);
      this.out = out;
      this.intervalNanos = interval.toNanos();
    }

    @Override
    synchronized void update(long done, long total, long rows) {
      long now = System.nanoTime();
      if (now - last < intervalNanos) {
        return;
      }
      last = now;
      out.println(task + ": " + describe(done, total, rows, now));
      out.flush();
    }

    /**
     * "12.0 MiB of 340.0 MiB (3%), 120,000 rows, 85k rows/s, ETA 40.2 s" for a load, "120,000 of
     * 5,000,000 rows (2%), 85k rows/s, ETA 57.3 s" for an export of a table.
     */
    private String describe(long done, long total, long rows, long now) {
      StringBuilder line = new StringBuilder();
      if (unit == Unit.BYTES) {
        line.append(JobReport.bytes(done));
        if (total > 0) {
          line.append(" of ").append(JobReport.bytes(total)).append(percent(done, total));
        }
        line.append(", ").append(JobReport.count(rows)).append(" rows");
      } else {
        line.append(JobReport.count(done));
        if (total > 0) {
          line.append(" of ").append(JobReport.count(total));
        }
        line.append(" rows").append(total > 0 ? percent(done, total) : "");
      }
      line.append(", ").append(JobReport.rate(rowsPerSecond(rows, now))).append(" rows/s");
      String eta = eta(done, total, now);
      if (!eta.isEmpty()) {
        line.append(", ETA ").append(eta);
      }
      return line.toString();
    }

    private static String percent(long done, long total) {
      return " (" + Math.min(100, done * 100 / total) + "%)";
    }
  }
}
