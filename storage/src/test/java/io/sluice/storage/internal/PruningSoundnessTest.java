package io.sluice.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.storage.AllTypes;
import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle for pruning: for many predicates over every type, a pruned and filtered scan returns
 * exactly as many rows as evaluating the predicate on every appended row. A chunk wrongly skipped
 * by its statistics would make the counts differ.
 */
class PruningSoundnessTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @Test
  void prunedScansReturnEveryMatchingRow() {
    BufferAllocator allocator = arrow.allocator();
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", TestRows.SCHEMA).shards(2).chunkRows(9).build());
      try (VectorSchemaRoot batch = TestRows.batch(allocator, 0, 600)) {
        table.append(batch);
        checkEveryPredicate(table, batch, allocator);
      }
    }
  }

  private void checkEveryPredicate(Table table, VectorSchemaRoot batch, BufferAllocator allocator) {
    Random random = new Random(42);
    List<Field> fields = TestRows.SCHEMA.getFields();
    int checked = 0;
    for (int column = 1; column < fields.size(); column++) {
      List<Object> values = TestRows.literals(column);
      for (Predicate.Operator operator : Predicate.Operator.values()) {
        for (int attempt = 0; attempt < 3; attempt++) {
          Predicate predicate = predicate(fields.get(column).getName(), operator, values, random);
          long pruned =
              count(
                  table,
                  ScanSpec.builder().columns("id").where(predicate).build(),
                  allocator,
                  null);
          BoundPredicate bound =
              new BoundPredicate(predicate, column, ColumnType.of(fields.get(column)));
          long expected = matching(batch, bound);
          assertEquals(expected, pruned, predicate.toString());
          checked++;
        }
      }
    }
    assertEquals((fields.size() - 1) * Predicate.Operator.values().length * 3, checked);
  }

  /** The oracle: the predicate evaluated on every appended row, no statistics involved. */
  private static long matching(VectorSchemaRoot batch, BoundPredicate predicate) {
    long rows = 0;
    for (int row = 0; row < batch.getRowCount(); row++) {
      if (predicate.matches(batch.getVector(predicate.column()), row)) {
        rows++;
      }
    }
    return rows;
  }

  private static Predicate predicate(
      String column, Predicate.Operator operator, List<Object> values, Random random) {
    Object low = values.get(random.nextInt(values.size()));
    Object high = values.get(random.nextInt(values.size()));
    switch (operator) {
      case EQUAL:
        return Predicate.equal(column, low);
      case LESS_THAN:
        return Predicate.lessThan(column, low);
      case LESS_THAN_OR_EQUAL:
        return Predicate.lessThanOrEqual(column, low);
      case GREATER_THAN:
        return Predicate.greaterThan(column, low);
      case GREATER_THAN_OR_EQUAL:
        return Predicate.greaterThanOrEqual(column, low);
      case BETWEEN:
        return Predicate.between(column, low, high);
      case IS_NULL:
        return Predicate.isNull(column);
      default:
        return Predicate.isNotNull(column);
    }
  }

  private static long count(
      Table table, ScanSpec spec, BufferAllocator allocator, BoundPredicate oracle) {
    long rows = 0;
    try (ScanCursor cursor = table.scan(spec, allocator)) {
      while (cursor.next()) {
        VectorSchemaRoot batch = cursor.batch();
        if (oracle == null) {
          rows += batch.getRowCount();
          continue;
        }
        for (int row = 0; row < batch.getRowCount(); row++) {
          if (oracle.matches(batch.getVector(oracle.column()), row)) {
            rows++;
          }
        }
      }
    }
    return rows;
  }

  /** Rows over every type with nulls and edge values, and literals drawn from the same values. */
  private static final class TestRows {
    static final org.apache.arrow.vector.types.pojo.Schema SCHEMA = AllTypes.SCHEMA;

    static VectorSchemaRoot batch(BufferAllocator allocator, long first, int count) {
      return AllTypes.batch(allocator, first, count);
    }

    static List<Object> literals(int column) {
      List<Object> literals = new ArrayList<>();
      for (Object value : AllTypes.VALUES.get(column - 1)) {
        literals.add(
            value instanceof java.nio.ByteBuffer ? ((java.nio.ByteBuffer) value).array() : value);
      }
      return literals;
    }
  }
}
