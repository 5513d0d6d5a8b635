package io.sluice.cli;

import io.sluice.jobs.Dataset;
import io.sluice.jobs.JobException;
import io.sluice.jobs.JobHandle;
import io.sluice.jobs.JobInput;
import io.sluice.jobs.JobSpec;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.ShutdownCancellation;
import io.sluice.jobs.Sluice;
import io.sluice.jobs.WasmFunctionRef;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job run}: runs one job in this process and waits for it, with a progress bar on a
 * terminal and plain progress lines otherwise. Ctrl-C or SIGTERM cancels the job (it ends
 * CANCELLED, nothing published, temporary data removed). Exit code 0 when the job succeeded, 1 when
 * it failed or was cancelled, 2 when it could not start.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a map-reduce job: map every input row with a wasm table function (key, value),"
          + " optionally combine per key on each shard, shuffle by key, reduce each key with a"
          + " wasm aggregate, and publish the result as a new table, all of it or nothing.",
      "Functions are module.wasm:function, or the name of a function of the SQL catalog."
    })
final class JobRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobDataOption store;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "TABLE|QUERY",
      description = "A table, or a query (SELECT ...) whose rows the job reads.")
  String input;

  @Option(
      names = "--map",
      required = true,
      paramLabel = "MODULE.wasm:FN",
      description = "TABLE function returning TABLE(key K, value V).")
  String map;

  @Option(
      names = "--combine",
      paramLabel = "MODULE.wasm:FN",
      description =
          "AGGREGATE run per key on each shard before the shuffle: the reduce function itself,"
              + " or one returning V.")
  String combine;

  @Option(
      names = "--reduce",
      required = true,
      paramLabel = "MODULE.wasm:FN",
      description = "AGGREGATE over the values of each key (one argument of type V).")
  String reduce;

  @Option(names = "--output", required = true, description = "The table to create.")
  String output;

  @Option(
      names = "--parallelism",
      description = "Reduce partitions and tasks at once (default: the number of processors).")
  Integer parallelism;

  @Option(names = "--replace", description = "Replace the output table if it exists.")
  boolean replace;

  @Option(
      names = "--memory-limit",
      converter = ByteSize.class,
      paramLabel = "SIZE",
      description = "Memory of each sandbox of a module file's function (default: 64MB).")
  Long memoryLimit;

  @Option(
      names = "--timeout",
      converter = Seconds.class,
      paramLabel = "DURATION",
      description = "Time limit of one call into a module file's function (default: 30s).")
  Duration timeout;

  @Option(
      names = "--progress",
      defaultValue = "auto",
      description = "bar, lines, or auto: a bar on a terminal, lines otherwise (default: auto).")
  String progress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal =
        switch (progress.toLowerCase(Locale.ROOT)) {
          case "bar" -> true;
          case "lines" -> false;
          case "auto" -> System.console() != null;
          default -> throw new IllegalArgumentException("--progress is bar, lines or auto");
        };
    try (Sluice sluice = store.open()) {
      for (long id : sluice.jobs().recovered()) {
        out.println(
            "job "
                + id
                + " was left unfinished by a process that stopped; it is now marked failed");
      }
      Dataset job =
          sluice
              .input(JobInput.parse(input))
              .map(WasmFunctionRef.parse(map))
              .reduceByKey(WasmFunctionRef.parse(reduce))
              .parallelism(parallelism != null ? parallelism : JobSpec.defaultParallelism())
              .replaceOutput(replace);
      if (combine != null) {
        job.combine(WasmFunctionRef.parse(combine));
      }
      if (memoryLimit != null) {
        job.memoryLimit(memoryLimit);
      }
      if (timeout != null) {
        job.callTimeout(timeout);
      }
      try (JobProgress display = JobProgress.create(terminal, out)) {
        JobHandle handle = job.onProgress(display).start(output);
        out.println("job " + handle.id() + " started: " + job.spec(output).describe());
        out.flush();
        JobStatus done;
        try (ShutdownCancellation hook = ShutdownCancellation.install(handle)) {
          done = handle.await();
        } catch (JobException e) {
          display.close();
          err.println("error: " + e.getMessage());
          return 1;
        }
        display.close();
        out.println(JobReport.summary(done));
        return 0;
      }
    }
  }

  /** Reads sizes: 512KB, 64MB, 1GB (binary multiples), or bytes. */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT);
      long unit = 1;
      for (String[] suffix :
          new String[][] {{"GB", "30"}, {"MB", "20"}, {"KB", "10"}, {"B", "0"}}) {
        if (v.endsWith(suffix[0])) {
          unit = 1L << Integer.parseInt(suffix[1]);
          v = v.substring(0, v.length() - suffix[0].length()).trim();
          break;
        }
      }
      return Long.parseLong(v) * unit;
    }
  }

  /** Reads durations: 500ms, 30s, 2m. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofSeconds(
          Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
    }
  }
}
