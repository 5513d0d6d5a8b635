package io.sluice.storage;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The child process of {@link LoadCrashTest}: runs bulk loads forever, each of {@link #BATCHES}
 * batches whose rows all carry the load's id, into the {@code crash} table, and every third one
 * into a new table {@code crash_<id>}. Prints {@code COMMIT <id>} after a commit returns, and
 * {@code APPEND <id>} after each batch, until killed.
 *
 * <p>Arguments: data directory, first load id.
 */
public final class CrashLoadMain {
  static final int BATCHES = 6;

  private CrashLoadMain() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    long loadId = Long.parseLong(args[1]);
    try (BufferAllocator allocator = new RootAllocator();
        Store store = Store.open(directory)) {
      while (true) {
        boolean newTable = loadId % 3 == 0;
        try (TableLoad load =
            newTable
                ? store.loadNewTable(
                    TableDefinition.builder("crash_" + loadId, CrashIngestMain.SCHEMA)
                        .shards(2)
                        .chunkRows(700)
                        .build(),
                    false,
                    allocator)
                : store.table("crash").load(allocator)) {
          for (int b = 0; b < BATCHES; b++) {
            try (VectorSchemaRoot batch = CrashIngestMain.batch(allocator, loadId)) {
              load.append(batch);
            }
            System.out.println("APPEND " + loadId);
            System.out.flush();
          }
          load.commit();
        }
        System.out.println("COMMIT " + loadId);
        System.out.flush();
        loadId++;
      }
    }
  }
}
