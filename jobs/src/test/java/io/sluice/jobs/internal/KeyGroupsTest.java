package io.sluice.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group ids by first appearance, the kept keys, NULL as one group, and floating-point equality. */
class KeyGroupsTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  @Test
  void numbersStringsInOrderOfFirstAppearanceWithNullAndEmptyApart() {
    Field field = new Field("word", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    try (KeyGroups groups = new KeyGroups(field, arrow.allocator());
        VarCharVector first = new VarCharVector("w", arrow.allocator());
        VarCharVector second = new VarCharVector("w", arrow.allocator())) {
      fill(first, "b", "a", null, "b", "", null);
      fill(second, "", "c", "a");
      assertArrayEquals(new int[] {0, 1, 2, 0, 3, 2}, groups.assign(first, 6));
      assertArrayEquals(new int[] {3, 4, 1}, groups.assign(second, 3));
      assertEquals(5, groups.size());
      try (FieldVector keys = groups.takeKeys()) {
        assertEquals(5, keys.getValueCount());
        assertEquals("b", keys.getObject(0).toString());
        assertEquals("a", keys.getObject(1).toString());
        assertTrue(keys.isNull(2));
        assertEquals("", keys.getObject(3).toString());
        assertEquals("c", keys.getObject(4).toString());
      }
      assertEquals(0, groups.size(), "taking the keys starts afresh");
      assertArrayEquals(new int[] {0, 1, 2}, groups.assign(second, 3));
    }
  }

  @Test
  void floatingPointKeysFollowSqlEqualityWithOneNaN() {
    Field field =
        new Field(
            "x",
            FieldType.nullable(
                new ArrowType.FloatingPoint(
                    org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
            null);
    try (KeyGroups groups = new KeyGroups(field, arrow.allocator());
        Float8Vector values = new Float8Vector("x", arrow.allocator())) {
      double[] v = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L), 1.5, 1.5};
      values.allocateNew(v.length);
      for (int i = 0; i < v.length; i++) {
        values.set(i, v[i]);
      }
      values.setValueCount(v.length);
      assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, groups.assign(values, v.length));
    }
  }

  @Test
  void fixedWidthKeysCompareByValue() {
    Field field = new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null);
    try (KeyGroups groups = new KeyGroups(field, arrow.allocator());
        BigIntVector values = new BigIntVector("n", arrow.allocator())) {
      values.allocateNew(5);
      long[] v = {7, -1, 7, Long.MIN_VALUE, -1};
      for (int i = 0; i < v.length; i++) {
        values.set(i, v[i]);
      }
      values.setValueCount(v.length);
      assertArrayEquals(new int[] {0, 1, 0, 2, 1}, groups.assign(values, v.length));
      try (FieldVector keys = groups.takeKeys()) {
        assertEquals(Long.MIN_VALUE, ((BigIntVector) keys).get(2));
      }
    }
  }

  private static void fill(VarCharVector vector, String... values) {
    vector.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        vector.setNull(i);
      } else {
        vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    vector.setValueCount(values.length);
  }
}
