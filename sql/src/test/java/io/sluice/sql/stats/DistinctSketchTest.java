package io.sluice.sql.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistinctSketchTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 1_000, 50_000, 1_000_000})
  void estimatesWithinThreePercent(int distinct) {
    DistinctSketch sketch = new DistinctSketch();
    for (int i = 0; i < distinct; i++) {
      sketch.add(ValueHashes.mix(i));
      sketch.add(ValueHashes.mix(i)); // repeats change nothing
    }
    assertEquals(distinct, sketch.estimate(), Math.max(0.5, distinct * 0.03));
  }

  @Test
  void mergingCountsTheUnion() {
    DistinctSketch a = new DistinctSketch();
    DistinctSketch b = new DistinctSketch();
    for (int i = 0; i < 60_000; i++) {
      a.add(ValueHashes.mix(i));
      b.add(ValueHashes.mix(i + 30_000));
    }
    a.merge(b);
    assertEquals(90_000, a.estimate(), 90_000 * 0.03);
    assertEquals(a, DistinctSketch.of(a.bytes()));
    assertThrows(IllegalArgumentException.class, () -> DistinctSketch.of(new byte[3]));
  }

  @Test
  void equalValuesHashAlikeWhereverTheyAre() {
    BufferAllocator allocator = arrow.allocator();
    try (VarCharVector first = new VarCharVector("a", allocator);
        VarCharVector second = new VarCharVector("b", allocator);
        BigIntVector numbers = new BigIntVector("n", allocator)) {
      String[] words = {"alpha", "a somewhat longer value past eight bytes", "", "zoë"};
      first.allocateNew();
      second.allocateNew();
      for (int i = 0; i < words.length; i++) {
        first.setSafe(i, words[i].getBytes(StandardCharsets.UTF_8));
        // the same words, shifted and repeated: different offsets in the data buffer
        second.setSafe(2 * i, words[words.length - 1 - i].getBytes(StandardCharsets.UTF_8));
        second.setNull(2 * i + 1);
      }
      first.setValueCount(words.length);
      second.setValueCount(2 * words.length);
      DistinctSketch one = new DistinctSketch();
      DistinctSketch both = new DistinctSketch();
      assertEquals(0, ValueHashes.addAll(first, one));
      ValueHashes.addAll(first, both);
      assertEquals(words.length, ValueHashes.addAll(second, both));
      assertEquals(one, both);
      assertEquals(words.length, one.estimate(), 0.5);

      numbers.allocateNew(1000);
      for (int i = 0; i < 1000; i++) {
        numbers.set(i, i % 10);
      }
      numbers.setValueCount(1000);
      DistinctSketch digits = new DistinctSketch();
      ValueHashes.addAll(numbers, digits);
      assertEquals(10, digits.estimate(), 0.5);
    }
  }
}
