package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM in the middle of bulk loads with SIGKILL, reopens the store and checks that
 * each load is there whole or not at all: every committed load whole, at most the load in flight
 * present without its acknowledgement, no row of any other, no leftover column value, marker or
 * staging file.
 */
class LoadCrashTest {

  private static final int ROUNDS = 4;
  private static final long ROWS_PER_LOAD =
      (long) CrashLoadMain.BATCHES * CrashIngestMain.ROWS_PER_BATCH;

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void aKilledLoadLeavesNothingAndCommittedLoadsAreWhole() throws Exception {
    Path data = directory.resolve("data");
    try (Store store = Store.open(data)) {
      store.createTable(
          TableDefinition.builder("crash", CrashIngestMain.SCHEMA)
              .shards(3)
              .distributedBy("row_key")
              .chunkRows(1000)
              .build());
    }
    Random random = new Random();
    Set<Long> committed = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < ROUNDS; round++) {
      long first = round * 1_000_000L;
      // Kill after some appends: often in the middle of a load, sometimes near a commit.
      runAndKill(data, first, 4 + random.nextInt(25), random.nextInt(20), committed);
      Map<Long, Long> present = rowsPerLoad(data);
      for (Map.Entry<Long, Long> load : present.entrySet()) {
        assertEquals(
            ROWS_PER_LOAD,
            load.getValue(),
            "round " + round + ": load " + load.getKey() + " is partially present");
      }
      for (long load : committed) {
        assertTrue(present.containsKey(load), "round " + round + ": committed load " + load);
      }
      assertTrue(present.size() - committed.size() <= 1, present + " vs " + committed);
      committed.addAll(present.keySet());
      assertEquals(0, RawRocksDb.orphans(data), "round " + round + ": leftovers of the load");
      try (Stream<Path> staged = Files.walk(data.resolve(Store.LOADS_DIRECTORY))) {
        assertEquals(1, staged.count(), "only the empty staging directory is left");
      } catch (java.nio.file.NoSuchFileException e) {
        // No load ever staged a file.
      }
    }
    assertTrue(committed.size() >= ROUNDS, "some loads committed: " + committed);
  }

  private void runAndKill(
      Path data, long first, int killAfter, int extraMillis, Set<Long> committed) throws Exception {
    Path log = directory.resolve("child-" + first + ".log");
    Process child = ChildJvm.start(CrashLoadMain.class, log, data.toString(), Long.toString(first));
    CountDownLatch enough = new CountDownLatch(killAfter);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.startsWith("COMMIT ")) {
                    committed.add(Long.parseLong(line.substring(7)));
                  }
                  enough.countDown();
                }
              } catch (java.io.IOException e) {
                // The child died: its stdout closed.
              }
            });
    reader.start();
    boolean reached = enough.await(60, TimeUnit.SECONDS);
    Thread.sleep(extraMillis);
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    reader.join(120_000);
    assertTrue(!reader.isAlive(), "the child's output was not read to its end");
    assertTrue(reached, "the child did too little; its stderr: " + Files.readString(log));
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
  }

  /** Rows per load id, over the {@code crash} table and every {@code crash_<id>} table. */
  private Map<Long, Long> rowsPerLoad(Path data) {
    BufferAllocator allocator = arrow.allocator();
    Map<Long, Long> rows = new TreeMap<>();
    try (Store store = Store.open(data)) {
      for (String name : store.tableNames()) {
        try (ScanCursor cursor =
            store.table(name).scan(ScanSpec.builder().columns("batch_id").build(), allocator)) {
          while (cursor.next()) {
            BigIntVector ids = (BigIntVector) cursor.batch().getVector(0);
            for (int row = 0; row < ids.getValueCount(); row++) {
              rows.merge(ids.get(row), 1L, Long::sum);
            }
          }
        }
        if (name.startsWith("crash_")) {
          assertEquals(ROWS_PER_LOAD, store.table(name).rowCount(), name);
        }
      }
    }
    return rows;
  }
}
