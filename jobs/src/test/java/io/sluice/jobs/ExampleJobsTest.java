package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.examples.AccessLogs;
import io.sluice.jobs.examples.Documents;
import io.sluice.jobs.examples.ExampleTables;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other examples against Java computations: the inverted index (a combiner whose partial states
 * are real serialized posting lists), log analytics, a SQL query as input, and functions taken from
 * the SQL catalog instead of module files.
 */
class ExampleJobsTest {
  private static final Path INDEX = ExampleModules.INVERTED_INDEX;
  private static final Path LOGS = ExampleModules.LOGS;
  private static final Path WC = ExampleModules.WORDCOUNT;

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void theInvertedIndexListsEachWordsDocumentsWithAndWithoutCombining() throws Exception {
    int documents = 30_000;
    Map<Object, Object> expected = new HashMap<>();
    Map<String, TreeSet<Long>> postings = new HashMap<>();
    Documents generator = new Documents(ExampleTables.SEED);
    for (long id = 0; id < documents; id++) {
      for (String word : WordsReference.words(generator.next())) {
        postings.computeIfAbsent(word, w -> new TreeSet<>()).add(id);
      }
    }
    postings.forEach(
        (word, ids) ->
            expected.put(word, ids.stream().map(String::valueOf).collect(Collectors.joining(","))));
    try (Sluice sluice = Sluice.open(directory)) {
      ExampleTables.documents(sluice.engine().store(), "docs", documents, 3, arrow.allocator());
      JobStatus combined =
          sluice
              .query("SELECT id AS doc_id, text FROM docs")
              .map(INDEX, "map_postings")
              .combine(INDEX, "postings")
              .reduceByKey(INDEX, "postings")
              .parallelism(3)
              .writeTo("index_combined");
      JobStatus plain =
          sluice
              .query("SELECT id AS doc_id, text FROM docs")
              .map(INDEX, "map_postings")
              .reduceByKey(INDEX, "postings")
              .parallelism(3)
              .writeTo("index_plain");
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "index_combined"));
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "index_plain"));
      assertEquals(3, combined.tasks(TaskPhase.MAP).size(), "a query input is split in 3");
      assertTrue(combined.bytesShuffled() < plain.bytesShuffled());
    }
  }

  @Test
  void logAnalyticsCountsHitsPerUtcHourAndStatus() throws Exception {
    int lines = 50_000;
    Map<Object, Object> expected = new TreeMap<>();
    AccessLogs logs = new AccessLogs(ExampleTables.SEED);
    DateTimeFormatter hour =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00").withZone(ZoneOffset.UTC);
    for (int i = 0; i < lines; i++) {
      AccessLogs.Line line = logs.nextLine();
      String key = line.at() == null ? "unparsed" : hour.format(line.at()) + " " + line.status();
      expected.merge(key, 1L, (a, b) -> (Long) a + (Long) b);
    }
    try (Sluice sluice = Sluice.open(directory)) {
      ExampleTables.accessLogs(sluice.engine().store(), "access_logs", lines, 2, arrow.allocator());
      sluice
          .dataset("access_logs")
          .map(LOGS, "parse_access_log")
          .combine(LOGS, "count_hits")
          .reduceByKey(LOGS, "count_hits")
          .writeTo("hits_per_hour");
      assertEquals(
          expected, new TreeMap<>(JobTestSupport.read(sluice.connection(), "hits_per_hour")));
      assertTrue(expected.containsKey("unparsed"));
      assertTrue(expected.size() > 72 * 4, "three days of hours, several statuses each");
    }
  }

  @Test
  void functionsFromTheSqlCatalogAndAValueCombinerWork() throws Exception {
    int documents = 5_000;
    Map<Object, Object> expected = WordCountJobTest.javaWordCount(documents);
    try (Sluice sluice = Sluice.open(directory)) {
      ExampleTables.documents(sluice.engine().store(), "docs", documents, 2, arrow.allocator());
      try (Statement sql = sluice.connection().createStatement()) {
        sql.execute("CREATE FUNCTION map_words USING WASM FROM '" + WC + "'");
        sql.execute("CREATE AGGREGATE sum_counts USING WASM FROM '" + WC + "'");
        sql.execute("CREATE AGGREGATE count_hits USING WASM FROM '" + LOGS + "'");
      }
      JobStatus done =
          sluice
              .dataset("docs")
              .map(WasmFunctionRef.catalog("map_words"))
              // Another aggregate of the value type: its finished sums are shuffled as values.
              .combine(WasmFunctionRef.catalog("count_hits"))
              .reduceByKey(WasmFunctionRef.catalog("sum_counts"))
              .writeTo("counts");
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "counts"));
      assertEquals(expected.size() <= done.shuffledRows(), true);
      assertTrue(done.shuffledRows() < done.mappedRows());
    }
  }
}
