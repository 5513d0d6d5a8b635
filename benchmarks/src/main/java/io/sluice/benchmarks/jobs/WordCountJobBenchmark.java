package io.sluice.benchmarks.jobs;

import io.sluice.examples.ExampleUdfs;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.Sluice;
import io.sluice.jobs.examples.ExampleTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Word count over generated documents three ways: a batch job with a combiner (partial sums per
 * word on each shard, serialized, shuffled), the same job without one (every (word, 1) row
 * shuffled), and the same computation in SQL, {@code SELECT w.word, SUM(w.n) FROM docs d, LATERAL
 * TABLE(map_words(d.text)) w GROUP BY w.word}, with the very same wasm map function. One operation
 * runs the job (or the query, reading every result row) to the end; after each iteration the job's
 * rows and bytes shuffled are printed from its status.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Xss4m", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class WordCountJobBenchmark {
  static final String SQL =
      "SELECT w.word, SUM(w.n) FROM docs d, LATERAL TABLE(map_words(d.text)) AS w GROUP BY w.word";

  @Param({"500000"})
  public int documents;

  @Param({"2"})
  public int parallelism;

  private Path directory;
  private Path module;
  private Sluice sluice;
  private JobStatus last;
  private long lastSqlRows;
  private java.sql.Connection coordinator;

  /** Stores the documents once per trial (4 shards) and registers map_words for SQL. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("sluice-jobs-bench");
    module = Files.write(directory.resolve("wordcount.wasm"), ExampleUdfs.module("jobs/wordcount"));
    sluice = Sluice.open(directory.resolve("data"));
    try (BufferAllocator allocator =
        sluice.engine().allocator().newChildAllocator("load", 0, Long.MAX_VALUE)) {
      ExampleTables.documents(sluice.engine().store(), "docs", documents, 4, allocator);
    }
    try (Statement sql = sluice.connection().createStatement()) {
      sql.execute("CREATE FUNCTION map_words USING WASM FROM '" + module + "'");
    }
    coordinator =
        java.sql.DriverManager.getConnection(
            "jdbc:sluice:" + sluice.engine().directory() + ";pushdown=false");
  }

  /** Job output is a new table each time: drop it before the next operation. */
  @TearDown(Level.Invocation)
  public void dropOutput() {
    sluice.engine().store().dropTableIfExists("counts");
  }

  /** Prints what the last operation moved (the same every time: the data does not change). */
  @TearDown(Level.Iteration)
  public void report() {
    if (last != null) {
      System.out.printf(
          Locale.ROOT,
          "%n    job: %,d input rows, %,d mapped, %,d shuffled rows, %,d bytes shuffled, %,d output"
              + " rows%n",
          last.inputRows(),
          last.mappedRows(),
          last.shuffledRows(),
          last.bytesShuffled(),
          last.outputRows());
      last = null;
    }
    if (lastSqlRows > 0) {
      System.out.printf(Locale.ROOT, "%n    sql: %,d result rows%n", lastSqlRows);
      lastSqlRows = 0;
    }
  }

  /** Closes the store and deletes its directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    coordinator.close();
    sluice.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * @return the finished job
   */
  @Benchmark
  public JobStatus jobWithCombine() {
    last =
        sluice
            .dataset("docs")
            .map(module, "map_words")
            .combine(module, "sum_counts")
            .reduceByKey(module, "sum_counts")
            .parallelism(parallelism)
            .writeTo("counts");
    return last;
  }

  /**
   * @return the finished job
   */
  @Benchmark
  public JobStatus jobWithoutCombine() {
    last =
        sluice
            .dataset("docs")
            .map(module, "map_words")
            .reduceByKey(module, "sum_counts")
            .parallelism(parallelism)
            .writeTo("counts");
    return last;
  }

  /**
   * @return the number of words counted
   * @throws Exception if the query fails
   */
  @Benchmark
  public long sqlLateralGroupBy() throws Exception {
    return countWords(sluice.connection());
  }

  /**
   * The same query with pushdown off: the lateral call runs on the coordinator, 1,024 documents per
   * call, after every document moved there, and the GROUP BY is all Calcite's.
   *
   * @return the number of words counted
   * @throws Exception if the query fails
   */
  @Benchmark
  public long sqlLateralGroupByOnCoordinator() throws Exception {
    return countWords(coordinator);
  }

  private long countWords(java.sql.Connection connection) throws Exception {
    long rows = 0;
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(SQL)) {
      while (result.next()) {
        rows += result.getLong(2) > 0 ? 1 : 0;
      }
    }
    lastSqlRows = rows;
    return rows;
  }
}
