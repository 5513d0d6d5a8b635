package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten chunks of 100 rows, id 0 to 999 in order: each predicate must skip exactly the chunks whose
 * statistics exclude it and still return exactly the matching rows.
 */
class ChunkPruningTest {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("x", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("maybe", ColumnType.INT.arrowType(), true),
              ColumnType.field("s", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("day", ColumnType.DATE.arrowType(), true)));

  private static final String LONG_SUFFIX = "k".repeat(100);

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;
  private Store store;
  private Table table;

  @BeforeEach
  void fill() {
    store = Store.open(directory);
    table = store.createTable(TableDefinition.builder("t", SCHEMA).chunkRows(100).build());
    BufferAllocator allocator = arrow.allocator();
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator)) {
      batch.allocateNew();
      for (int row = 0; row < 1000; row++) {
        ((BigIntVector) batch.getVector("id")).setSafe(row, row);
        Float8Vector x = (Float8Vector) batch.getVector("x");
        if (row == 350) {
          x.setSafe(row, Double.NaN);
        } else if (row == 0) {
          x.setSafe(row, 0.0);
        } else {
          x.setSafe(row, row);
        }
        if (row < 500) {
          batch.getVector("maybe").setNull(row);
        } else {
          ((IntVector) batch.getVector("maybe")).setSafe(row, row);
        }
        ((VarCharVector) batch.getVector("s"))
            .setSafe(
                row, (String.format("%04d", row) + LONG_SUFFIX).getBytes(StandardCharsets.UTF_8));
        ((DateDayVector) batch.getVector("day"))
            .setSafe(row, (int) LocalDate.of(2024, 1, 1).plusDays(row).toEpochDay());
      }
      batch.setRowCount(1000);
      table.append(batch);
    }
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    store.close();
  }

  @Test
  void comparisonsSkipChunksOutsideTheirRange() {
    check(Predicate.equal("id", 250L), 1, 1);
    check(Predicate.lessThan("id", 200L), 2, 200);
    check(Predicate.lessThanOrEqual("id", 200L), 3, 201);
    check(Predicate.greaterThan("id", 899L), 1, 100);
    check(Predicate.greaterThanOrEqual("id", 899L), 2, 101);
    check(Predicate.between("id", 200L, 399L), 2, 200);
    check(Predicate.between("id", 150L, 349L), 3, 200);
    check(Predicate.equal("id", 5000L), 0, 0);
    check(Predicate.between("id", 400L, 300L), 0, 0);
  }

  @Test
  void literalsOfOtherIntegerClassesAndJavaTimeWork() {
    check(Predicate.equal("id", 250), 1, 1);
    check(Predicate.greaterThanOrEqual("day", LocalDate.of(2024, 1, 1).plusDays(900)), 1, 100);
  }

  @Test
  void nullTestsUseNullCounts() {
    check(Predicate.isNull("maybe"), 5, 500);
    check(Predicate.isNotNull("maybe"), 5, 500);
    check(Predicate.greaterThan("maybe", 0), 5, 500);
    check(Predicate.lessThan("maybe", 500), 0, 0);
  }

  @Test
  void nanIsGreaterThanEveryNumberAndMinusZeroEqualsZero() {
    check(Predicate.greaterThan("x", 1e9), 1, 1);
    check(Predicate.equal("x", Double.NaN), 1, 1);
    check(Predicate.equal("x", -0.0), 1, 1);
    check(Predicate.lessThan("x", 1.0), 1, 1);
  }

  @Test
  void longStringsPruneThroughTruncatedBounds() {
    // Values are 104 bytes; bounds keep 64, the maximum truncated and incremented to stay above.
    check(Predicate.equal("s", "0420" + LONG_SUFFIX), 1, 1);
    check(Predicate.greaterThanOrEqual("s", "0900" + LONG_SUFFIX), 1, 100);
    // Chunk 8's true maximum is exactly the literal, but its truncated bound is above it: the
    // chunk is read (a bound must never be too low) and yields no row.
    check(Predicate.greaterThan("s", "0899" + LONG_SUFFIX), 2, 100);
    check(Predicate.lessThan("s", "0"), 0, 0);
    check(Predicate.greaterThan("s", "1"), 0, 0);
  }

  @Test
  void conjunctionsPruneByEveryPredicate() {
    check(Predicate.greaterThanOrEqual("id", 300L), Predicate.isNull("maybe"), 2, 200);
  }

  @Test
  void withoutRowFilteringSurvivingChunksComeBackWhole() {
    ScanSpec spec = ScanSpec.builder().where(Predicate.equal("id", 250L)).filterRows(false).build();
    try (ScanCursor cursor = table.scan(spec, arrow.allocator())) {
      assertEquals(100, AllTypes.drain(cursor).size());
      assertEquals(9, cursor.statistics().chunksSkipped());
    }
  }

  @Test
  void badPredicatesNameTheColumnAndType() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> table.scan(spec(Predicate.equal("nope", 1L)), arrow.allocator()));
    assertTrue(unknown.getMessage().contains("has no column 'nope'"), unknown.getMessage());
    IllegalArgumentException wrongType =
        assertThrows(
            IllegalArgumentException.class,
            () -> table.scan(spec(Predicate.equal("id", "x")), arrow.allocator()));
    assertTrue(
        wrongType.getMessage().contains("BIGINT does not accept the literal x"),
        wrongType.getMessage());
  }

  private static ScanSpec spec(Predicate... predicates) {
    return ScanSpec.builder().columns("id").where(predicates).build();
  }

  private void check(Predicate predicate, int chunksRead, int rows) {
    check(new Predicate[] {predicate}, chunksRead, rows);
  }

  private void check(Predicate first, Predicate second, int chunksRead, int rows) {
    check(new Predicate[] {first, second}, chunksRead, rows);
  }

  private void check(Predicate[] predicates, int chunksRead, int rows) {
    try (ScanCursor cursor = table.scan(spec(predicates), arrow.allocator())) {
      List<List<Object>> result = AllTypes.drain(cursor);
      ScanStatistics statistics = cursor.statistics();
      String what = List.of(predicates) + ": " + statistics;
      assertEquals(rows, result.size(), what);
      assertEquals(10, statistics.chunksTotal(), what);
      assertEquals(chunksRead, statistics.chunksRead(), what);
      assertEquals(10 - chunksRead, statistics.chunksSkipped(), what);
      assertEquals(rows, statistics.rowsReturned(), what);
    }
  }
}
