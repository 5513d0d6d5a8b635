package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.examples.ExampleTables;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose functions do not fit each other or its input is refused before it is recorded, with a
 * message naming the function as the user gave it, as CREATE FUNCTION refuses a bad module.
 */
class JobValidationTest {
  private static final Path WC = ExampleModules.WORDCOUNT;
  private static final Path INDEX = ExampleModules.INVERTED_INDEX;

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;
  private Path data;

  @BeforeEach
  void documents() throws Exception {
    data = directory.resolve("data");
    try (Sluice sluice = Sluice.open(data)) {
      ExampleTables.documents(sluice.engine().store(), "docs", 100, 2, arrow.allocator());
    }
  }

  private String refused(Function<Sluice, Dataset> job) throws Exception {
    try (Sluice sluice = Sluice.open(data)) {
      List<JobStatus> jobs = sluice.jobs().list();
      List<String> tables = sluice.engine().store().tableNames();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> job.apply(sluice).writeTo("out"));
      assertEquals(jobs, sluice.jobs().list(), "nothing recorded");
      assertEquals(tables, sluice.engine().store().tableNames());
      return e.getMessage();
    }
  }

  @Test
  void theMapMustBeATableFunctionOfKeyAndValue() throws Exception {
    String message =
        refused(s -> s.dataset("docs").map(WC, "sum_counts").reduceByKey(WC, "sum_counts"));
    assertEquals(
        "--map "
            + WC
            + ":sum_counts: the map function must be a TABLE function; it is"
            + " AGGREGATE sum_counts(n BIGINT) RETURNS BIGINT",
        message);
  }

  @Test
  void theReduceMustBeAnAggregateOfTheValueType() throws Exception {
    String notAggregate =
        refused(s -> s.dataset("docs").map(WC, "map_words").reduceByKey(WC, "map_words"));
    assertTrue(
        notAggregate.startsWith(
            "--reduce " + WC + ":map_words: the reduce function must be an AGGREGATE"),
        notAggregate);
    String wrongType =
        refused(
            s ->
                s.query("SELECT id AS doc_id, text FROM docs")
                    .map(INDEX, "map_postings")
                    .reduceByKey(WC, "map_words"));
    assertTrue(wrongType.contains("must be an AGGREGATE"), wrongType);
  }

  @Test
  void aCombinerMustMatchTheReducerOrReturnTheValueType() throws Exception {
    String message =
        refused(
            s ->
                s.dataset("docs")
                    .map(WC, "map_words")
                    .combine(INDEX, "postings")
                    .reduceByKey(WC, "sum_counts"));
    assertTrue(
        message.startsWith(
            "--combine "
                + INDEX
                + ":postings: the combine function must return the map's value type BIGINT"),
        message);
  }

  @Test
  void unknownFunctionsModulesAndTablesAreNamed() throws Exception {
    String function =
        refused(s -> s.dataset("docs").map(WC, "map_wordz").reduceByKey(WC, "sum_counts"));
    assertTrue(function.startsWith("--map " + WC + ":map_wordz: "), function);
    assertTrue(
        function.contains("it has no function map_wordz; it has map_words, sum_counts"), function);

    String module =
        refused(
            s -> s.dataset("docs").map(Path.of("nowhere.wasm"), "f").reduceByKey(WC, "sum_counts"));
    assertEquals(
        "--map nowhere.wasm:f: there is no file " + Path.of("nowhere.wasm").toAbsolutePath(),
        module);

    String catalog =
        refused(
            s ->
                s.dataset("docs")
                    .map(WasmFunctionRef.catalog("map_words"))
                    .reduceByKey(WC, "sum_counts"));
    assertTrue(
        catalog.startsWith("--map map_words: no function map_words in the catalog"), catalog);

    String table =
        refused(s -> s.dataset("nope").map(WC, "map_words").reduceByKey(WC, "sum_counts"));
    assertEquals("no input table nope; tables: docs", table);

    String query =
        refused(
            s ->
                s.query("SELECT nope FROM docs")
                    .map(WC, "map_words")
                    .reduceByKey(WC, "sum_counts"));
    assertTrue(query.startsWith("the input query fails: "), query);
  }

  @Test
  void theMapsArgumentsBindToInputColumnsByNameThenPosition() throws Exception {
    // map_postings(doc_id BIGINT, text VARCHAR) over docs(id, text): no doc_id column, and docs
    // has exactly two columns of the right types, so they bind by position.
    try (Sluice sluice = Sluice.open(data)) {
      JobStatus done =
          sluice
              .dataset("docs")
              .map(INDEX, "map_postings")
              .reduceByKey(INDEX, "postings")
              .writeTo("index");
      assertEquals(JobState.SUCCEEDED, done.state());
    }
    String message =
        refused(
            s ->
                s.query("SELECT text, id, id AS other FROM docs")
                    .map(INDEX, "map_postings")
                    .reduceByKey(INDEX, "postings"));
    assertEquals(
        "--map "
            + INDEX
            + ":map_postings: map_postings takes (doc_id BIGINT, text VARCHAR), but the"
            + " input has columns (text VARCHAR, id BIGINT, other BIGINT): name the input columns"
            + " after the arguments, or give a query selecting exactly the arguments",
        message);
  }

  @Test
  void anExistingOutputIsRefusedUnlessReplaced() throws Exception {
    try (Sluice sluice = Sluice.open(data)) {
      try (Statement sql = sluice.connection().createStatement()) {
        sql.execute("CREATE TABLE results (x INT)");
      }
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  sluice
                      .dataset("docs")
                      .map(WC, "map_words")
                      .reduceByKey(WC, "sum_counts")
                      .writeTo("results"));
      assertEquals(
          "the output table results exists; drop it, choose another name, or replace it (--replace)",
          e.getMessage());
      JobStatus replaced =
          sluice
              .dataset("docs")
              .map(WC, "map_words")
              .reduceByKey(WC, "sum_counts")
              .replaceOutput(true)
              .writeTo("results");
      assertEquals(
          replaced.outputRows(),
          JobTestSupport.read(sluice.connection(), "results").size(),
          "the job's rows replaced the old table");
      assertThrows(
          IllegalArgumentException.class,
          () ->
              sluice
                  .dataset("docs")
                  .map(WC, "map_words")
                  .reduceByKey(WC, "sum_counts")
                  .writeTo("__job_9_output"));
    }
  }
}
