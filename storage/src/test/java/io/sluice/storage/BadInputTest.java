package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each user-causable failure gets a message naming the thing and the cause, and writes nothing. */
class BadInputTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void unsupportedTypesAreRefusedNamingTheColumn() {
    Schema unsigned =
        new Schema(List.of(new Field("u", FieldType.nullable(new ArrowType.Int(32, false)), null)));
    UnsupportedTypeException error =
        assertThrows(
            UnsupportedTypeException.class, () -> TableDefinition.builder("t", unsigned).build());
    assertTrue(
        error
            .getMessage()
            .startsWith("table 't': column 'u' has unsupported type Arrow type Int(32, false)"),
        error.getMessage());
    Schema paris =
        new Schema(
            List.of(
                new Field(
                    "at",
                    FieldType.nullable(
                        new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Paris")),
                    null)));
    UnsupportedTypeException zone =
        assertThrows(
            UnsupportedTypeException.class, () -> TableDefinition.builder("events", paris).build());
    assertTrue(
        zone.getMessage().startsWith("table 'events': column 'at' has unsupported type "),
        zone.getMessage());
    Schema nanos =
        new Schema(
            List.of(
                new Field(
                    "at",
                    FieldType.nullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                    null)));
    assertThrows(UnsupportedTypeException.class, () -> TableDefinition.builder("t", nanos).build());
    assertThrows(IllegalArgumentException.class, () -> ColumnType.decimal(39, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> TableDefinition.builder("t", AllTypes.SCHEMA).distributedBy("nope").build());
  }

  @Test
  void aMismatchedBatchIsRefusedAndNothingIsWritten() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("events", AllTypes.SCHEMA)
                  .shards(2)
                  .distributedBy("id")
                  .build());
      RoundTripTest.append(table, allocator, 0, 10);

      List<Field> renamed = new ArrayList<>(AllTypes.SCHEMA.getFields());
      renamed.set(4, ColumnType.field("j", ColumnType.INT.arrowType(), true));
      assertMismatch(
          table,
          new Schema(renamed),
          "cannot append to table 'events': column 5 is 'i' in the table but 'j' in the batch");

      List<Field> retyped = new ArrayList<>(AllTypes.SCHEMA.getFields());
      retyped.set(4, ColumnType.field("i", ColumnType.BIGINT.arrowType(), true));
      assertMismatch(
          table,
          new Schema(retyped),
          "cannot append to table 'events': column 'i' is INT in the table but BIGINT in the batch");

      assertMismatch(
          table,
          new Schema(AllTypes.SCHEMA.getFields().subList(0, 3)),
          "cannot append to table 'events': the batch has 3 columns, the table has 15"
              + " (id, b, ti, si, i, bi, f, d, dec, s, bin, dt, tm, ts, tstz)");

      try (VectorSchemaRoot batch = AllTypes.batch(allocator, 100, 20)) {
        batch.getVector("id").setNull(7); // the table declares id NOT NULL
        SchemaMismatchException error =
            assertThrows(SchemaMismatchException.class, () -> table.append(batch));
        assertEquals(
            "cannot append to table 'events': column 'id' is NOT NULL but the batch has 1 nulls in it",
            error.getMessage());
      }
      assertEquals(10, AllTypes.drain(table.scan(ScanSpec.all(), allocator)).size());
    }
  }

  private void assertMismatch(Table table, Schema schema, String message) {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, arrow.allocator())) {
      batch.allocateNew();
      ((BigIntVector) batch.getVector(0)).setSafe(0, 1);
      batch.setRowCount(1);
      SchemaMismatchException error =
          assertThrows(SchemaMismatchException.class, () -> table.append(batch));
      assertEquals(message, error.getMessage());
    }
  }

  @Test
  void aDirectoryHoldingSomethingElseIsLeftUntouched() throws Exception {
    Files.writeString(directory.resolve("notes.txt"), "mine");
    NotAStoreException error = assertThrows(NotAStoreException.class, () -> Store.open(directory));
    assertEquals(
        "data directory "
            + directory.toAbsolutePath()
            + " is not a Sluice store: it has no SLUICE_STORE file and is not empty (it holds notes.txt)",
        error.getMessage());
    try (var entries = Files.list(directory)) {
      assertEquals(List.of(directory.resolve("notes.txt")), entries.toList());
    }
    Path file = directory.resolve("notes.txt");
    assertThrows(NotAStoreException.class, () -> Store.open(file));
  }

  @Test
  void aStoreOfAnotherFormatVersionIsRefused() throws Exception {
    Store.open(directory).close();
    Files.writeString(directory.resolve("SLUICE_STORE"), "sluice-store format 99\n");
    IncompatibleStoreException error =
        assertThrows(IncompatibleStoreException.class, () -> Store.open(directory));
    assertEquals(
        "data directory "
            + directory.toAbsolutePath()
            + " holds a Sluice store of format version 99; this build reads format version 1",
        error.getMessage());
  }

  @Test
  void aGarbledMarkerOrDatabaseIsReportedCorrupt() throws Exception {
    Store.open(directory).close();
    Files.writeString(directory.resolve("SLUICE_STORE"), "what is this");
    CorruptStoreException marker =
        assertThrows(CorruptStoreException.class, () -> Store.open(directory));
    assertTrue(
        marker.getMessage().contains("SLUICE_STORE reads 'what is this'"), marker.getMessage());

    Files.writeString(directory.resolve("SLUICE_STORE"), "sluice-store format 1\n");
    Files.writeString(
        directory.resolve("rocksdb").resolve("CURRENT"),
        "MANIFEST-999999\n",
        StandardCharsets.UTF_8);
    CorruptStoreException database =
        assertThrows(CorruptStoreException.class, () -> Store.open(directory));
    assertTrue(
        database
            .getMessage()
            .startsWith(
                "data directory "
                    + directory.toAbsolutePath()
                    + " is corrupt: RocksDB could not open its database, a file of it is missing"),
        database.getMessage());
    // A failed open releases the directory again.
    assertThrows(CorruptStoreException.class, () -> Store.open(directory));
  }

  @Test
  void aDatabaseThatCannotBeOpenedForAnotherReasonIsNotCalledCorrupt() throws Exception {
    // RocksDB cannot create its directory: a file is in the way.
    Path blocked = directory.resolve("blocked");
    Files.createDirectories(blocked);
    Files.writeString(blocked.resolve("rocksdb"), "not a directory");
    StorageException create = assertThrows(StorageException.class, () -> Store.open(blocked));
    assertFalse(create instanceof CorruptStoreException, create.toString());
    assertTrue(
        create
            .getMessage()
            .startsWith(
                "data directory "
                    + blocked.toAbsolutePath()
                    + ": RocksDB could not create its database at "
                    + blocked.toAbsolutePath().resolve("rocksdb")
                    + ": (IOError) "),
        create.getMessage());

    // Another RocksDB instance of this process holds the database's LOCK file.
    Path held = directory.resolve("held");
    Store.open(held).close();
    try (RawRocksDb.Open raw = RawRocksDb.open(held)) {
      StorageException locked = assertThrows(StorageException.class, () -> Store.open(held));
      assertFalse(locked instanceof CorruptStoreException, locked.toString());
      assertTrue(
          locked
              .getMessage()
              .startsWith(
                  "data directory "
                      + held.toAbsolutePath()
                      + ": RocksDB could not open its database at "
                      + held.toAbsolutePath().resolve("rocksdb")
                      + " because another RocksDB instance, in this process or another, holds its"
                      + " LOCK file: (IOError) "),
          locked.getMessage());
    }
    Store.open(held).close(); // the failed open released the directory
  }

  @Test
  void corruptCatalogEntriesAndChunksNameTheTableAndKey() throws Exception {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      RoundTripTest.append(
          store.createTable(TableDefinition.builder("good", AllTypes.SCHEMA).chunkRows(10).build()),
          allocator,
          0,
          30);
    }
    RawRocksDb.put(directory, "columns", RawRocksDb.columnKey(1, 0, 1, 9), new byte[] {1, 2, 3});
    try (Store store = Store.open(directory)) {
      ScanCursor cursor =
          store.table("good").scanShard(0, ScanSpec.builder().columns("s").build(), allocator);
      CorruptStoreException error =
          assertThrows(
              CorruptStoreException.class,
              () -> {
                while (cursor.next()) {
                  // reads chunk 0, then fails on chunk 1
                }
              });
      cursor.close();
      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "scanning table 'good' shard 0, chunk 1, column 's': the column value is 3 bytes, its chunk header says "),
          error.getMessage());
    }
    RawRocksDb.put(
        directory, "catalog", "table/bad".getBytes(StandardCharsets.UTF_8), new byte[] {1, 0, 0});
    CorruptStoreException catalog =
        assertThrows(CorruptStoreException.class, () -> Store.open(directory));
    assertTrue(
        catalog.getMessage().startsWith("the catalog entry of table 'bad' is corrupt"),
        catalog.getMessage());
  }
}
