package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Renaming a table, alone or replacing another, with metadata changes in the same write. */
class RenameTableTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  private Table filled(Store store, String name, int rows) {
    Table table =
        store.createTable(
            TableDefinition.builder(name, AllTypes.SCHEMA).shards(3).distributedBy("id").build());
    RoundTripTest.append(table, arrow.allocator(), 0, rows);
    return table;
  }

  @Test
  void movesTheRowsToTheNewNameAndSurvivesReopening() {
    try (Store store = Store.open(directory)) {
      Table hidden = filled(store, "hidden", 40);
      store.renameTable("hidden", "visible");
      assertEquals(List.of("visible"), store.tableNames());
      assertEquals(40, store.table("visible").rowCount());
      assertEquals("visible", store.table("visible").definition().name());
      assertEquals(3, store.table("visible").shardCount());
      TableNotFoundException stale =
          assertThrows(TableNotFoundException.class, () -> hidden.rowCount());
      assertEquals("table 'hidden' was renamed to 'visible'", stale.getMessage());
      // Appends go on under the new name, with chunk ids after the existing ones.
      RoundTripTest.append(store.table("visible"), arrow.allocator(), 40, 5);
      assertEquals(45, store.table("visible").rowCount());
    }
    try (Store store = Store.open(directory)) {
      assertEquals(List.of("visible"), store.tableNames());
      assertEquals(45, store.table("visible").rowCount());
      long scanned = 0;
      try (ScanCursor cursor = store.table("visible").scan(ScanSpec.all(), arrow.allocator())) {
        while (cursor.next()) {
          scanned += cursor.batch().getRowCount();
        }
      }
      assertEquals(45, scanned);
    }
  }

  @Test
  void refusesAnExistingNameUnlessReplacing() {
    try (Store store = Store.open(directory)) {
      filled(store, "new_rows", 10);
      Table old = filled(store, "current", 25);
      assertThrows(TableExistsException.class, () -> store.renameTable("new_rows", "current"));
      assertThrows(TableNotFoundException.class, () -> store.renameTable("missing", "x"));
      assertThrows(IllegalArgumentException.class, () -> store.renameTable("current", "current"));
      assertEquals(25, store.table("current").rowCount());

      store.renameTable("new_rows", "current", true, new MetadataBatch());
      assertEquals(List.of("current"), store.tableNames());
      assertEquals(10, store.table("current").rowCount());
      assertThrows(TableNotFoundException.class, old::rowCount);
    }
    try (Store store = Store.open(directory)) {
      assertEquals(10, store.table("current").rowCount());
    }
  }

  @Test
  void writesTheMetadataInTheSameBatch() {
    try (Store store = Store.open(directory)) {
      filled(store, "staging", 7);
      store.metadata().put("jobs", "state", "running".getBytes(StandardCharsets.UTF_8));
      store.renameTable(
          "staging",
          "published",
          false,
          new MetadataBatch()
              .put("jobs", "state", "done".getBytes(StandardCharsets.UTF_8))
              .delete("jobs", "missing"));
    }
    try (Store store = Store.open(directory)) {
      assertArrayEquals(
          "done".getBytes(StandardCharsets.UTF_8), store.metadata().get("jobs", "state").get());
      assertTrue(store.findTable("published").isPresent());
      assertFalse(store.findTable("staging").isPresent());
    }
  }

  @Test
  void aRefusedRenameChangesNothing() {
    try (Store store = Store.open(directory)) {
      filled(store, "a", 3);
      filled(store, "b", 4);
      MetadataBatch changes = new MetadataBatch().put("jobs", "k", new byte[] {1});
      assertThrows(TableExistsException.class, () -> store.renameTable("a", "b", false, changes));
      assertTrue(store.metadata().get("jobs", "k").isEmpty());
      assertThrows(IllegalArgumentException.class, () -> store.renameTable("a", "bad\u0001name"));
      assertEquals(List.of("a", "b"), store.tableNames());
      assertEquals(3, store.table("a").rowCount());
    }
  }
}
