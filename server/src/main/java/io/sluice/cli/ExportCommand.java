package io.sluice.cli;

import io.sluice.connectors.BatchSink;
import io.sluice.connectors.FileAccess;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSink;
import io.sluice.server.sql.ColumnTypes;
import io.sluice.server.sql.ResultBatches;
import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.storage.Table;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice export}: writes a table or a query's result to one file, which appears whole when
 * the export succeeds and not at all otherwise. Rows are read through the embedded JDBC driver and
 * written in Arrow batches here rather than by {@code COPY ... TO}, so the command can count them
 * as they go and show progress.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "sluice export [-hV] [--data DIR] [--format F] [--compression C]",
      "              [--progress MODE] [CSV and JSON options]",
      "              (TABLE | --query SQL) FILE"
    },
    description = {
      "Write a table, or the result of a query, to one CSV, Parquet, newline-delimited JSON or"
          + " Arrow IPC file; the format comes from FILE's extension unless --format says it.",
      "The file is written under a temporary name beside FILE and renamed when complete: a"
          + " failed or cancelled export leaves no partial file, and an existing FILE is replaced"
          + " only by a complete one.",
      "Progress shows the rows written and rows/s, of the table's row count for a table (a"
          + " query's count is not known ahead)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice export events events.parquet",
      "  sluice export events events.csv.gz",
      "  sluice export --query \"SELECT country, COUNT(*) AS n FROM events",
      "                        GROUP BY country\" by_country.csv",
      "  sluice export events events.arrow --compression zstd",
      "",
      "Same as SQL's COPY events TO 'events.parquet', with progress. Exit code 0 on success,"
          + " 2 on any error."
    })
final class ExportCommand implements Callable<Integer> {
  /** Rows per batch written: one default chunk. */
  private static final int BATCH_ROWS = 65_536;

  /** A batch ends early once its buffers pass this size, so wide rows keep memory bounded. */
  private static final long BATCH_BYTES = 64L << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "./sluice-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin FileOptionFlags fileOptions;

  @Option(
      names = "--compression",
      paramLabel = "CODEC",
      description =
          "none, gzip or zstd for CSV and JSON; none, lz4 or zstd for Arrow (default: from the"
              + " extension, .gz or .zst, else none).")
  String compression;

  @Option(
      names = "--query",
      paramLabel = "SQL",
      description = "Export the rows of this query instead of a table.")
  String query;

  @Mixin ProgressOption progress;

  @Parameters(
      arity = "1..2",
      paramLabel = "[TABLE] FILE",
      hideParamSyntax = true,
      description = "The table to export (unless --query) and the file to write.")
  List<String> arguments;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String table;
    String file;
    if (query != null) {
      if (arguments.size() != 1) {
        throw new ParameterException(
            spec.commandLine(), "with --query, name only the FILE to write");
      }
      table = null;
      file = arguments.get(0);
    } else {
      if (arguments.size() != 2) {
        throw new ParameterException(
            spec.commandLine(), "name the TABLE to export and the FILE to write (or use --query)");
      }
      table = arguments.get(0);
      file = arguments.get(1);
    }
    Map<String, String> given = fileOptions.toMap();
    FileOptionFlags.put(given, "compression", compression);
    FileOptions options = FileOptions.of(given);
    Path target = FileAccess.anywhere(Path.of("")).resolveOutput(file);
    // Refuse an option that does not apply before running the query, not after.
    options.checkApplies(options.formatOf(target), true);
    String what = table == null ? "the query" : table;
    progress.terminal(); // a bad --progress fails before the store is opened
    try (Connection connection =
            DriverManager.getConnection("jdbc:sluice:" + data.toAbsolutePath() + ";create=false");
        CancelOnShutdown cancel = CancelOnShutdown.install("export");
        Statement statement = connection.createStatement();
        LoadProgress display =
            progress.create(
                "export " + (table == null ? "query" : table), LoadProgress.Unit.ROWS, out)) {
      long start = System.nanoTime();
      SluiceEngine engine = SluiceDriver.engine(connection);
      long total = 0;
      String sql = query;
      if (table != null) {
        Table found =
            engine
                .store()
                .findTable(table)
                .orElseThrow(
                    () -> new IllegalArgumentException("table " + table + " does not exist"));
        total = found.rowCount();
        sql = "SELECT * FROM " + quote(SluiceSchema.NAME) + "." + quote(table);
      }
      long rows;
      long bytes;
      try (BufferAllocator allocator =
              engine.allocator().newChildAllocator("export", 0, Long.MAX_VALUE);
          ResultSet results = statement.executeQuery(sql)) {
        Schema schema = withoutMetadata(ColumnTypes.resultSchema(results.getMetaData()));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
            BatchSink sink = FileSink.open(target, schema, options, allocator)) {
          ResultBatches batches = new ResultBatches(results, root, BATCH_ROWS, BATCH_BYTES);
          while (batches.next()) {
            if (cancel.getAsBoolean()) {
              statement.cancel();
              throw new IllegalStateException("export cancelled (no file was written)");
            }
            sink.write(root);
            display.update(batches.rows(), total, batches.rows());
          }
          rows = batches.rows();
          bytes = sink.finish();
        }
      }
      display.close();
      long nanos = System.nanoTime() - start;
      out.println(
          "exported "
              + JobReport.count(rows)
              + (rows == 1 ? " row of " : " rows of ")
              + what
              + " to "
              + file
              + " ("
              + JobReport.bytes(bytes)
              + ") in "
              + JobReport.duration(Duration.ofNanos(nanos))
              + ", "
              + JobReport.rate(nanos <= 0 ? 0 : rows * 1e9 / nanos)
              + " rows/s");
      out.flush();
      return 0;
    }
  }

  /** The result's columns without the Flight SQL metadata, which has no place in a file. */
  private static Schema withoutMetadata(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(ColumnTypes.field(field.getName(), field.getType(), field.isNullable(), null));
    }
    return new Schema(fields);
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
