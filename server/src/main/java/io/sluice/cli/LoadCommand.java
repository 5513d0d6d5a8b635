package io.sluice.cli;

import io.sluice.connectors.FileAccess;
import io.sluice.connectors.FileFormat;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSet;
import io.sluice.connectors.FileSource;
import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.ddl.SluiceDdlExecutor;
import io.sluice.sql.load.Loads;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice load}: loads files into a table, creating it from the files' columns when it does
 * not exist, all rows or none, with a progress bar on a terminal and plain progress lines
 * otherwise; then one summary line. The SQL of the same thing is {@code COPY table FROM 'files'}
 * and {@code CREATE TABLE name FROM 'files'}.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load CSV, Parquet, newline-delimited JSON or Arrow IPC files into a table: all their rows,"
          + " or none if any file or row fails.",
      "A table that does not exist is created with the files' columns (from Parquet and Arrow"
          + " metadata, or a sample of the first CSV or JSON file), over 4 shards unless"
          + " --shards says otherwise. An existing table gets the rows added, the files' columns"
          + " matched to its own (CSV by header names, else by position; the other formats by"
          + " name); --replace replaces it instead, in one step.",
      "FILE may be a glob (quote it: 'logs/2024-*.csv', 'data/**/*.parquet'); all files are"
          + " one load, of one format. TABLE is the table's exact name, as in job --output."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice load events events.csv",
      "  sluice load events 'logs/2024-*.csv.gz' --on-error skip",
      "  sluice load trips 'trips/*.parquet' --replace --shards 8 \\",
      "      --distributed-by vendor_id",
      "  sluice load readings data.tsv --delimiter '\\t' --no-header --null NA \\",
      "      --timestamp-format '%%d/%%m/%%Y %%H:%%M:%%S'",
      "",
      "Progress goes to stderr as a bar on a terminal, else as a line every 2 s on stdout;"
          + " the summary line goes to stdout. Exit code 0 on success, 2 on any error (the table"
          + " is then unchanged)."
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "./sluice-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin FileOptionFlags fileOptions;

  @Option(
      names = "--on-error",
      paramLabel = "abort|skip",
      description =
          "What a row that cannot be read does: abort the load (naming file, line, column and"
              + " value), or skip it and report it (default: abort).")
  String onError;

  @ArgGroup(exclusive = true)
  Creation creation;

  /** Whether the table must be new, or is replaced. */
  static final class Creation {
    @Option(names = "--create", description = "Create the table; fail if it exists.")
    boolean create;

    @Option(names = "--replace", description = "Create the table, replacing one of its name.")
    boolean replace;
  }

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "Shards of a table created (default: " + SluiceDdlExecutor.DEFAULT_SHARDS + ").")
  Integer shards;

  @Option(
      names = "--distributed-by",
      paramLabel = "COLUMN",
      description = "Column whose hash picks a created table's shard (default: round-robin).")
  String distributedBy;

  @Mixin ProgressOption progress;

  @Parameters(index = "0", paramLabel = "TABLE", description = "The table to load into.")
  String table;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Files or globs to load, relative to the working directory.")
  List<String> files;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean create = creation != null && creation.create;
    boolean replace = creation != null && creation.replace;
    if (shards != null && (shards < 1 || shards > TableDefinition.MAX_SHARDS)) {
      throw new ParameterException(
          spec.commandLine(), "--shards must be 1 to " + TableDefinition.MAX_SHARDS);
    }
    Map<String, String> given = new LinkedHashMap<>(fileOptions.toMap());
    FileOptionFlags.put(given, "on_error", onError);
    FileOptions options = FileOptions.of(given);
    FileSet input = resolve(files, options);
    long bytes = input.totalBytes();
    progress.terminal(); // a bad --progress fails before the store is opened
    try (Connection connection =
            DriverManager.getConnection("jdbc:sluice:" + data.toAbsolutePath());
        CancelOnShutdown cancel = CancelOnShutdown.install("load");
        LoadProgress display = progress.create("load " + table, LoadProgress.Unit.BYTES, out)) {
      long start = System.nanoTime();
      SluiceEngine engine = SluiceDriver.engine(connection);
      Optional<Table> existing = engine.store().findTable(table);
      Outcome outcome =
          existing.isPresent() && !replace
              ? append(engine, existing.get(), input, options, display, cancel, create)
              : create(engine, existing.isPresent(), input, options, display, cancel, replace);
      display.close();
      out.println(
          summary(outcome.done(), input, bytes, outcome.result(), System.nanoTime() - start));
      out.flush();
      return 0;
    }
  }

  /** What a load did, and how the summary says it: "created table t (4 shards) with 10 rows". */
  private record Outcome(Loads.Result result, String done) {}

  /** Adds the files' rows to an existing table. */
  private Outcome append(
      SluiceEngine engine,
      Table existing,
      FileSet input,
      FileOptions options,
      LoadProgress display,
      CancelOnShutdown cancel,
      boolean create) {
    if (create) {
      throw new IllegalArgumentException(
          "table "
              + table
              + " already exists; leave out --create to add the files' rows to it, or use"
              + " --replace");
    }
    if (shards != null || distributedBy != null) {
      throw new IllegalArgumentException(
          "--shards and --distributed-by shape a table being created, and table "
              + table
              + " exists; use --replace to recreate it");
    }
    FileSource source = FileSource.into(input, options, existing.schema());
    Loads.Result result =
        atomically(
            () -> Loads.intoTable(engine, existing, source, display, cancel),
            cancel,
            "table " + table + " is unchanged");
    return new Outcome(result, "loaded " + JobReport.count(result.rows()) + " rows into " + table);
  }

  /** Creates the table with the files' columns and rows, replacing one of its name if asked. */
  private Outcome create(
      SluiceEngine engine,
      boolean exists,
      FileSet input,
      FileOptions options,
      LoadProgress display,
      CancelOnShutdown cancel,
      boolean replace) {
    FileSource source = FileSource.describedBy(input, options, engine.allocator());
    TableDefinition definition =
        TableDefinition.builder(table, source.schema())
            .shards(shards == null ? SluiceDdlExecutor.DEFAULT_SHARDS : shards)
            .distributedBy(distributedBy)
            .build();
    Loads.Result result =
        atomically(
            () -> Loads.newTable(engine, definition, replace, source, display, cancel),
            cancel,
            exists ? "table " + table + " is unchanged" : "table " + table + " was not created");
    int count = definition.shardCount();
    return new Outcome(
        result,
        (exists ? "replaced" : "created")
            + " table "
            + table
            + " ("
            + count
            + (count == 1 ? " shard" : " shards")
            + ") with "
            + JobReport.count(result.rows())
            + " rows");
  }

  /** Runs a load; when it fails, its error says that the table is as it was, since it is. */
  private static Loads.Result atomically(
      Supplier<Loads.Result> load, BooleanSupplier cancelled, String outcome) {
    try {
      return load.get();
    } catch (RuntimeException e) {
      String message =
          cancelled.getAsBoolean()
              ? "load cancelled"
              : e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IllegalStateException(message + " (" + outcome + ")", e);
    }
  }

  /**
   * The files of every path and glob, each once, in the order given.
   *
   * @throws io.sluice.connectors.ConnectorException if a path is missing or a glob matches nothing
   * @throws IllegalArgumentException if the files' names say different formats
   */
  static FileSet resolve(List<String> patterns, FileOptions options) {
    FileAccess access = FileAccess.anywhere(Path.of(""));
    Set<Path> found = new LinkedHashSet<>();
    for (String pattern : patterns) {
      found.addAll(access.resolveInput(pattern).files());
    }
    FileSet input = new FileSet(String.join(" ", patterns), new ArrayList<>(found));
    if (options.format() == null) {
      Path first = input.files().get(0);
      Optional<FileFormat> format = FileFormat.ofName(first);
      for (Path file : input.files()) {
        if (!FileFormat.ofName(file).equals(format)) {
          throw new IllegalArgumentException(
              "the files are not all of one format: "
                  + first.getFileName()
                  + " is "
                  + format.map(FileFormat::optionName).orElse("of no known extension")
                  + ", "
                  + file.getFileName()
                  + " is "
                  + FileFormat.ofName(file)
                      .map(FileFormat::optionName)
                      .orElse("of no known extension")
                  + "; load one format at a time, or say it with --format");
        }
      }
    }
    return input;
  }

  /**
   * "created table events (4 shards) with 1,000 rows from 2 files (1.2 MiB) in 0.4 s, 2.5k rows/s;
   * skipped 3 rows that could not be read: ..."
   */
  static String summary(String done, FileSet input, long bytes, Loads.Result result, long nanos) {
    int count = input.files().size();
    StringBuilder line =
        new StringBuilder(done)
            .append(" from ")
            .append(count)
            .append(count == 1 ? " file (" : " files (")
            .append(JobReport.bytes(bytes))
            .append(") in ")
            .append(JobReport.duration(java.time.Duration.ofNanos(nanos)))
            .append(", ")
            .append(JobReport.rate(nanos <= 0 ? 0 : result.rows() * 1e9 / nanos))
            .append(" rows/s");
    if (result.skipped() > 0) {
      List<String> reasons = result.reasons();
      List<String> first = reasons.subList(0, Math.min(3, reasons.size()));
      line.append("; skipped ")
          .append(JobReport.count(result.skipped()))
          .append(result.skipped() == 1 ? " row" : " rows")
          .append(" that could not be read: ")
          .append(String.join("; ", first));
      if (result.skipped() > first.size()) {
        line.append(" (and ")
            .append(JobReport.count(result.skipped() - first.size()))
            .append(" more)");
      }
    }
    return line.toString();
  }
}
