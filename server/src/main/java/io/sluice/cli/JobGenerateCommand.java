package io.sluice.cli;

import io.sluice.jobs.Sluice;
import io.sluice.jobs.examples.ExampleTables;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job generate docs|access-logs}: creates an example job's input table from the
 * deterministic generators, the same data wherever it runs.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Create the input table of an example job:",
      "  docs         docs(id BIGINT, text VARCHAR): short documents (word count, inverted index)",
      "  access-logs  access_logs(line VARCHAR): web server log lines (log analytics)"
    })
final class JobGenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobDataOption store;

  @Parameters(paramLabel = "DATASET", description = "docs or access-logs.")
  String dataset;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--shards",
      defaultValue = "4",
      description = "Shards of the table (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--table", description = "The table's name (default: docs or access_logs).")
  String table;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean documents =
        switch (dataset.toLowerCase(Locale.ROOT)) {
          case "docs" -> true;
          case "access-logs" -> false;
          default -> throw new IllegalArgumentException("DATASET is docs or access-logs");
        };
    String name = table != null ? table : documents ? "docs" : "access_logs";
    try (Sluice sluice = store.open();
        BufferAllocator allocator =
            sluice.engine().allocator().newChildAllocator("generate", 0, Long.MAX_VALUE)) {
      if (documents) {
        ExampleTables.documents(sluice.engine().store(), name, rows, shards, allocator);
      } else {
        ExampleTables.accessLogs(sluice.engine().store(), name, rows, shards, allocator);
      }
    }
    out.println(
        "created table "
            + name
            + ": "
            + JobReport.count(rows)
            + (documents ? " documents" : " log lines")
            + " in "
            + shards
            + " shards");
    return 0;
  }
}
