package io.sluice.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Range copies of rows (byte ranges, offsets rebased) against Arrow's value-by-value reading. */
class RowCopierTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), true),
              ColumnType.field("flag", ColumnType.BOOLEAN.arrowType(), true),
              ColumnType.field("x", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("price", ColumnType.decimal(12, 2), true),
              ColumnType.field("text", ColumnType.VARCHAR.arrowType(), true)));

  private VectorSchemaRoot batch(SplittableRandom random, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, arrow.allocator());
    root.allocateNew();
    for (int i = 0; i < rows; i++) {
      if (random.nextInt(7) == 0) {
        for (var vector : root.getFieldVectors()) {
          vector.setNull(i);
        }
        continue;
      }
      ((BigIntVector) root.getVector(0)).setSafe(i, random.nextLong());
      ((BitVector) root.getVector(1)).setSafe(i, random.nextBoolean() ? 1 : 0);
      ((Float8Vector) root.getVector(2)).setSafe(i, random.nextDouble());
      ((DecimalVector) root.getVector(3))
          .setSafe(i, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      String text = "ü".repeat(random.nextInt(40)) + i;
      ((VarCharVector) root.getVector(4)).setSafe(i, text.getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(rows);
    return root;
  }

  private static List<List<Object>> rows(VectorSchemaRoot root, int start, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = start; row < start + count; row++) {
      List<Object> values = new ArrayList<>();
      for (var vector : root.getFieldVectors()) {
        Object value = vector.getObject(row);
        values.add(value == null ? null : value.toString());
      }
      rows.add(values);
    }
    return rows;
  }

  @Test
  void copiesRangesOfManyBatchesIntoOneGrowingTarget() {
    SplittableRandom random = new SplittableRandom(7);
    List<List<Object>> expected = new ArrayList<>();
    try (VectorSchemaRoot target = VectorSchemaRoot.create(SCHEMA, arrow.allocator())) {
      target.allocateNew(); // small: every copy below has to grow it
      int at = 0;
      for (int b = 0; b < 20; b++) {
        try (VectorSchemaRoot source = batch(random, 1 + random.nextInt(3000))) {
          int start = random.nextInt(source.getRowCount());
          int count = random.nextInt(source.getRowCount() - start + 1);
          RowCopier.copy(source, start, count, target, at);
          expected.addAll(rows(source, start, count));
          at += count;
        }
      }
      target.setRowCount(at);
      assertEquals(expected, rows(target, 0, at));
    }
  }
}
