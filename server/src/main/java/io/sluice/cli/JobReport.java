package io.sluice.cli;

import io.sluice.jobs.JobStatus;
import io.sluice.jobs.TaskPhase;
import io.sluice.jobs.TaskState;
import io.sluice.jobs.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the job commands print jobs: numbers, sizes, times, one-line summaries and tables. */
final class JobReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private JobReport() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A size in binary units, as the rest of Sluice prints them (16 MiB). */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** A rate with a metric prefix: 850k, 1.2M. */
  static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  static String duration(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = d.toSeconds();
    return whole / 60 + " min " + whole % 60 + " s";
  }

  static String time(Instant instant) {
    return instant == null ? "-" : TIME.format(instant);
  }

  /** "map 3/4, reduce 0/4" */
  static String tasks(JobStatus job) {
    return phase(job, TaskPhase.MAP) + ", " + phase(job, TaskPhase.REDUCE);
  }

  private static String phase(JobStatus job, TaskPhase phase) {
    List<TaskStatus> tasks = job.tasks(phase);
    long done = tasks.stream().filter(t -> t.state() == TaskState.DONE).count();
    return phase.name().toLowerCase(Locale.ROOT) + " " + done + "/" + tasks.size();
  }

  /** What a running job did so far, for progress lines. */
  static String progress(JobStatus job, Instant now) {
    return tasks(job)
        + " tasks, "
        + count(job.inputRows())
        + " rows read ("
        + rate(job.inputRowsPerSecond(now))
        + " rows/s), "
        + bytes(job.bytesShuffled())
        + " shuffled";
  }

  /** What a finished job did, in one sentence. */
  static String summary(JobStatus job) {
    Duration elapsed = job.elapsed(job.finishedAt());
    return "job "
        + job.id()
        + " "
        + job.state().name().toLowerCase(Locale.ROOT)
        + " in "
        + duration(elapsed)
        + ": "
        + count(job.inputRows())
        + " input rows ("
        + rate(job.inputRowsPerSecond(job.finishedAt()))
        + " rows/s), "
        + count(job.mappedRows())
        + " mapped, "
        + count(job.shuffledRows())
        + " shuffled ("
        + bytes(job.bytesShuffled())
        + "), "
        + count(job.outputRows())
        + " rows written to "
        + job.spec().output();
  }

  /** The jobs as a table, one row each. */
  static void list(List<JobStatus> jobs, PrintWriter out) {
    List<List<String>> rows = new ArrayList<>();
    Instant now = Instant.now();
    for (JobStatus job : jobs) {
      rows.add(
          List.of(
              Long.toString(job.id()),
              job.state().name(),
              time(job.createdAt()),
              duration(job.elapsed(now)),
              count(job.inputRows()),
              count(job.outputRows()),
              job.spec().describe()));
    }
    table(
        List.of("id", "state", "created", "elapsed", "input rows", "output rows", "job"),
        rows,
        out);
  }

  /** One job in detail: its spec, times, counters, error and tasks. */
  static void detail(JobStatus job, PrintWriter out) {
    out.println("job " + job.id() + ": " + job.state());
    out.println("  job       " + job.spec().describe());
    out.println("  map       " + job.spec().map());
    if (job.spec().combine() != null) {
      out.println("  combine   " + job.spec().combine());
    }
    out.println("  reduce    " + job.spec().reduce());
    out.println(
        "  options   parallelism "
            + job.spec().parallelism()
            + (job.spec().replaceOutput() ? ", replace output" : "")
            + ", memory limit "
            + bytes(job.spec().memoryLimitBytes())
            + ", call timeout "
            + duration(job.spec().callTimeout()));
    out.println(
        "  times     created "
            + time(job.createdAt())
            + ", started "
            + time(job.startedAt())
            + ", finished "
            + time(job.finishedAt())
            + " ("
            + duration(job.elapsed(Instant.now()))
            + ")");
    out.println(
        "  rows      "
            + count(job.inputRows())
            + " read, "
            + count(job.mappedRows())
            + " mapped, "
            + count(job.shuffledRows())
            + " shuffled ("
            + bytes(job.bytesShuffled())
            + "), "
            + count(job.outputRows())
            + " written");
    out.println("  process   pid " + job.pid());
    if (job.error() != null) {
      out.println("  error     " + job.error());
    }
    if (!job.tasks().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (TaskStatus task : job.tasks()) {
        rows.add(
            List.of(
                task.name(),
                task.state().name(),
                count(task.rowsIn()),
                count(task.rowsOut()),
                task.phase() == TaskPhase.MAP ? bytes(task.bytesShuffled()) : "-",
                task.error() == null ? "" : task.error()));
      }
      table(List.of("task", "state", "rows in", "rows out", "shuffled", "error"), rows, out);
    }
  }

  private static void table(List<String> headers, List<List<String>> rows, PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(line(headers, widths));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      line.append(c == 0 ? " " : " | ")
          .append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cells.get(c)));
    }
    return line.toString().stripTrailing();
  }
}
