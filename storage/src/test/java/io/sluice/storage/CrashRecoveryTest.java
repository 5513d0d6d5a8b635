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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an ingesting child JVM with SIGKILL at a random moment, reopens the store and checks that
 * every acknowledged batch is there whole and that no batch is there in part. Each batch spans
 * every shard, so a partial batch would show as a batch with fewer rows than it was written with.
 */
class CrashRecoveryTest {

  private static final int ROUNDS = 4;
  private static final int SHARDS = 4;

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void acknowledgedBatchesSurviveSigkillAndNoBatchIsPartial() throws Exception {
    Path data = directory.resolve("data");
    try (Store store = Store.open(data)) {
      store.createTable(
          TableDefinition.builder("crash", CrashIngestMain.SCHEMA)
              .shards(SHARDS)
              .distributedBy("row_key")
              .chunkRows(512)
              .build());
    }
    Random random = new Random();
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < ROUNDS; round++) {
      Durability durability = round % 2 == 0 ? Durability.SYNC : Durability.OS_BUFFERED;
      long firstBatch = round * 1_000_000L;
      int killAfter = 3 + random.nextInt(20);
      runAndKill(data, firstBatch, durability, killAfter, random.nextInt(15), acknowledged);
      Map<Long, Long> rowsPerBatch = rowsPerBatch(data);
      for (Map.Entry<Long, Long> batch : rowsPerBatch.entrySet()) {
        assertEquals(
            CrashIngestMain.ROWS_PER_BATCH,
            batch.getValue(),
            "round " + round + ": batch " + batch.getKey() + " is partially present");
      }
      for (long batchId : acknowledged) {
        assertTrue(
            rowsPerBatch.containsKey(batchId),
            "round " + round + " (" + durability + "): acknowledged batch " + batchId + " is lost");
      }
      // At most the one batch in flight may be present without its acknowledgement.
      assertTrue(
          rowsPerBatch.size() - acknowledged.size() <= 1,
          rowsPerBatch.size() + " vs " + acknowledged.size());
      acknowledged.addAll(rowsPerBatch.keySet());
    }
  }

  private void runAndKill(
      Path data,
      long firstBatch,
      Durability durability,
      int killAfter,
      int extraMillis,
      Set<Long> acknowledged)
      throws Exception {
    Path log = directory.resolve("child-" + firstBatch + ".log");
    Process child =
        ChildJvm.start(
            CrashIngestMain.class,
            log,
            data.toString(),
            Long.toString(firstBatch),
            durability.name());
    CountDownLatch enough = new CountDownLatch(killAfter);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.startsWith("ACK ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                    enough.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                // The child died: its stdout closed.
              }
            });
    reader.start();
    boolean reached = enough.await(60, TimeUnit.SECONDS);
    Thread.sleep(extraMillis);
    child.destroyForcibly(); // SIGKILL on Linux and macOS
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    // Every ACK the child wrote must be counted before the store is checked: on a loaded machine
    // the reader may still be draining the dead child's pipe.
    reader.join(120_000);
    assertTrue(!reader.isAlive(), "the child's output was not read to its end");
    assertTrue(
        reached, "the child acknowledged too few batches; its stderr: " + Files.readString(log));
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
  }

  private Map<Long, Long> rowsPerBatch(Path data) {
    BufferAllocator allocator = arrow.allocator();
    Map<Long, Long> rows = new TreeMap<>();
    try (Store store = Store.open(data);
        ScanCursor cursor =
            store.table("crash").scan(ScanSpec.builder().columns("batch_id").build(), allocator)) {
      while (cursor.next()) {
        BigIntVector batchIds = (BigIntVector) cursor.batch().getVector(0);
        for (int row = 0; row < batchIds.getValueCount(); row++) {
          rows.merge(batchIds.get(row), 1L, Long::sum);
        }
      }
    }
    return rows;
  }
}
