package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jobs.examples.Documents;
import io.sluice.jobs.examples.ExampleTables;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count over a million generated documents, with and without the combiner, against the same
 * count computed in Java: equal results, and the combiner moves fewer bytes through the shuffle.
 */
class WordCountJobTest {
  private static final int DOCUMENTS = Integer.getInteger("sluice.test.documents", 1_000_000);

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void countsEveryWordOfAMillionDocumentsWithAndWithoutCombining() throws Exception {
    Map<Object, Object> expected = javaWordCount(DOCUMENTS);
    long words = expected.values().stream().mapToLong(v -> (Long) v).sum();
    try (Sluice sluice = Sluice.open(directory.resolve("data"))) {
      ExampleTables.documents(sluice.engine().store(), "docs", DOCUMENTS, 4, arrow.allocator());
      long before = sluice.engine().allocator().getAllocatedMemory();

      JobStatus combined =
          sluice
              .dataset("docs")
              .map(ExampleModules.WORDCOUNT, "map_words")
              .combine(ExampleModules.WORDCOUNT, "sum_counts")
              .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
              .parallelism(4)
              .writeTo("counts_combined");
      JobStatus plain =
          sluice
              .dataset("docs")
              .map(ExampleModules.WORDCOUNT, "map_words")
              .reduceByKey(ExampleModules.WORDCOUNT, "sum_counts")
              .parallelism(4)
              .writeTo("counts_plain");

      assertEquals(expected, JobTestSupport.read(sluice.connection(), "counts_combined"));
      assertEquals(expected, JobTestSupport.read(sluice.connection(), "counts_plain"));
      for (JobStatus job : List.of(combined, plain)) {
        assertEquals(JobState.SUCCEEDED, job.state());
        assertEquals(DOCUMENTS, job.inputRows());
        assertEquals(words, job.mappedRows());
        assertEquals(expected.size(), job.outputRows());
        assertEquals(4 + 4, job.tasks().size());
        assertEquals(job, sluice.jobs().status(job.id()).orElseThrow(), "the durable record");
      }
      // Without a combiner every (word, 1) row crosses the shuffle; with it, one partial state per
      // word and shard (and flush).
      assertEquals(words, plain.shuffledRows());
      assertTrue(combined.shuffledRows() <= 4L * expected.size(), combined.shuffledRows() + "");
      assertTrue(
          combined.bytesShuffled() * 5 < plain.bytesShuffled(),
          combined.bytesShuffled()
              + " bytes with combine vs "
              + plain.bytesShuffled()
              + " without");
      assertEquals(before, sluice.engine().allocator().getAllocatedMemory(), "job memory freed");
      assertEquals(
          List.of("counts_combined", "counts_plain", "docs"), sluice.engine().store().tableNames());
    }
  }

  static Map<Object, Object> javaWordCount(int documents) {
    Map<String, Long> counts = new HashMap<>();
    Documents generator = new Documents(ExampleTables.SEED);
    for (int i = 0; i < documents; i++) {
      for (String word : WordsReference.words(generator.next())) {
        counts.merge(word, 1L, Long::sum);
      }
    }
    return new HashMap<>(counts);
  }
}
