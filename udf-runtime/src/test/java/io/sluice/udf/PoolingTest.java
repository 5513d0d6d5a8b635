package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.ExampleUdfs;
import io.sluice.examples.reference.StringFunctions;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances are reused across queries without leaking one query's data to the next, are never
 * shared by two threads, and a failed one is replaced.
 */
class PoolingTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private final UdfRuntime runtime = UdfRuntime.create();

  @AfterEach
  void close() {
    runtime.close();
  }

  private static List<Object> call(
      UdfSession session, BufferAllocator allocator, String... values) {
    try (FieldVector v = Columns.of(allocator, SqlType.VARCHAR, Arrays.asList((Object[]) values));
        FieldVector out = session.scalar(List.of(v), values.length, allocator)) {
      return Columns.values(out);
    }
  }

  @Test
  void aSessionKeepsItsInstanceAcrossBatchesAndThePoolReusesIt(BufferAllocator allocator) {
    UdfFunction f =
        runtime
            .load(ExampleUdfs.module("strings"), UdfOptions.builder().maxIdleInstances(1).build())
            .function("normalize");
    try (UdfSession query = f.session()) {
      for (int batch = 0; batch < 3; batch++) {
        assertEquals(List.of("a b"), call(query, allocator, "  A   B "));
      }
    }
    try (UdfSession query = f.session()) {
      assertEquals(List.of("x"), call(query, allocator, "X"));
    }
    UdfStats stats = f.stats();
    assertEquals(1, stats.instancesCreated(), stats.toString());
    assertEquals(1, stats.poolMisses());
    assertEquals(1, stats.poolHits());
    assertEquals(4, stats.batches());
    assertEquals(4, stats.rows());
    assertTrue(stats.guestNanos() > 0 && stats.copyNanos() > 0, stats.toString());
    assertTrue(stats.bytesIn() > 0 && stats.bytesOut() > 0, stats.toString());
  }

  /**
   * The hostile module keeps a copy of the last value it saw and returns it on the next call;
   * within one query that is allowed, but a query on a reused instance must find nothing, and no
   * bytes of the earlier query anywhere in memory.
   */
  @Test
  void aReusedInstanceShowsNothingOfThePreviousQuery(BufferAllocator allocator) {
    UdfModule module =
        runtime.load(
            ExampleUdfs.hostile("reads_previous_data"),
            UdfOptions.builder().maxIdleInstances(1).build());
    UdfFunction previous = module.function("reads_previous_data");
    String secret = "SECRET-4f1d-card-4111111111111111";
    try (UdfSession queryA = previous.session()) {
      assertEquals(Arrays.asList((Object) null), call(queryA, allocator, secret));
      // Same query, next batch: the guest may see its own earlier data.
      assertEquals(List.of(secret), call(queryA, allocator, "next"));
    }
    try (UdfSession queryB = previous.session()) {
      assertEquals(Arrays.asList((Object) null), call(queryB, allocator, "other"));
    }
    assertEquals(1, previous.stats().instancesCreated(), "B did not reuse A's instance");
    assertEquals(1, previous.stats().poolHits());

    UdfFunction scan = module.function("scan_memory");
    try (UdfSession queryA = scan.session()) {
      call(queryA, allocator, secret + "-and-some-more-text-after-it");
    }
    try (UdfSession queryB = scan.session()) {
      List<Object> found = call(queryB, allocator, "SECRET-");
      assertTrue(
          found.get(0) == null || !found.get(0).toString().contains("4111"),
          "query B read query A's data: " + found);
    }
    assertEquals(1, scan.stats().poolHits());
  }

  @Test
  void afterAFailureTheSessionGoesOnWithAFreshInstance(BufferAllocator allocator) {
    UdfFunction row =
        runtime.load(ExampleUdfs.hostile("trap_unreachable")).function("trap_unreachable_row");
    try (UdfSession session = row.session();
        FieldVector bad = Columns.of(allocator, SqlType.BIGINT, -1L);
        FieldVector good = Columns.of(allocator, SqlType.BIGINT, 7L)) {
      assertThrows(UdfException.class, () -> session.scalar(List.of(bad), 1, allocator));
      try (FieldVector out = session.scalar(List.of(good), 1, allocator)) {
        assertEquals(List.of(7L), Columns.values(out));
      }
    }
    UdfStats stats = row.stats();
    assertEquals(2, stats.instancesCreated(), stats.toString());
    assertEquals(1, stats.instancesDiscarded());
    assertEquals(1, stats.traps());
  }

  @Test
  void aggregateStatesDieWithTheirInstance(BufferAllocator allocator) {
    UdfFunction wsum = runtime.load(ExampleUdfs.module("sketches")).function("wsum");
    try (UdfSession session = wsum.session()) {
      AggregateStates states = session.aggregate();
      try (FieldVector v = Columns.of(allocator, SqlType.DOUBLE, 1.0, 2.0);
          FieldVector w = Columns.of(allocator, SqlType.DOUBLE, 3.0)) {
        // A vector shorter than the batch is the caller's mistake, refused before the call.
        assertThrows(
            IllegalArgumentException.class,
            () -> states.update(List.of(v, w), 2, new int[] {0, 0}));
      }
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> states.finish(allocator));
      assertTrue(e.getMessage().contains("are gone"), e.getMessage());
    }
  }

  @Test
  void eightThreadsCallOneFunctionAtOnceAndEachGetsTheRightAnswer(BufferAllocator allocator)
      throws Exception {
    int threads = 8;
    UdfFunction normalize =
        runtime
            .load(
                ExampleUdfs.module("strings"),
                UdfOptions.builder().maxIdleInstances(threads).build())
            .function("normalize");
    int queries = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Integer> worker =
            () -> {
              start.await();
              int checked = 0;
              for (int q = 0; q < queries; q++) {
                List<String> texts = FunctionKindsTest.texts(200, thread * 1000L + q);
                List<Object> expected = new ArrayList<>();
                for (String text : texts) {
                  expected.add(text == null ? null : StringFunctions.normalize(text));
                }
                try (UdfSession session = normalize.session();
                    FieldVector in = Columns.of(allocator, SqlType.VARCHAR, texts);
                    FieldVector out = session.scalar(List.of(in), texts.size(), allocator)) {
                  assertEquals(expected, Columns.values(out));
                  checked += texts.size();
                }
              }
              return checked;
            };
        results.add(pool.submit(worker));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertEquals(200 * queries, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    UdfStats stats = normalize.stats();
    assertEquals(threads * queries, stats.calls());
    assertEquals(0, stats.errors());
    // With room for one idle instance per thread, never more instances than threads: every
    // other query reused one.
    assertTrue(stats.instancesCreated() <= threads, stats.toString());
    assertEquals(threads * queries, stats.poolHits() + stats.poolMisses());
    assertTrue(stats.poolHits() >= threads * queries - threads, stats.toString());
  }
}
