package io.sluice.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Minimum and maximum of byte strings against a plain sort of the same values. */
class StatisticsCollectorTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  /** Short strings over a small alphabet with long shared prefixes: every branch decides. */
  private static byte[] value(SplittableRandom random) {
    String[] prefixes = {"", "a", "https://", "https://a", "http://", "\u00ff\u00ff", "ab"};
    StringBuilder text = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
    int extra = random.nextInt(12);
    for (int i = 0; i < extra; i++) {
      text.append((char) (random.nextInt(3) == 0 ? random.nextInt(256) : 'a' + random.nextInt(3)));
    }
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) text.charAt(i);
    }
    return bytes;
  }

  @Test
  void findsTheSmallestAndLargestByteStrings() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      try (VarCharVector vector = new VarCharVector("v", arrow.allocator())) {
        int rows = 1 + random.nextInt(200);
        byte[] min = null;
        byte[] max = null;
        int nulls = 0;
        for (int row = 0; row < rows; row++) {
          if (random.nextInt(10) == 0) {
            vector.setNull(row);
            nulls++;
            continue;
          }
          byte[] value = value(random);
          vector.setSafe(row, value);
          min = min == null || Arrays.compareUnsigned(value, min) < 0 ? value : min;
          max = max == null || Arrays.compareUnsigned(value, max) > 0 ? value : max;
        }
        vector.setValueCount(rows);
        ColumnStatistics statistics =
            StatisticsCollector.collect(vector, ColumnType.VARBINARY, 0, rows);
        assertEquals(nulls, statistics.nullCount());
        assertArrayEquals(min, (byte[]) statistics.min(), "trial " + trial);
        assertArrayEquals(max, (byte[]) statistics.max(), "trial " + trial);
      }
    }
  }

  @Test
  void comparesByteStringsAsArraysCompareUnsignedDoes() {
    SplittableRandom random = new SplittableRandom(11);
    try (ArrowBuf buffer = arrow.allocator().buffer(64)) {
      for (int trial = 0; trial < 20_000; trial++) {
        byte[] left = new byte[random.nextInt(20)];
        byte[] right = new byte[random.nextInt(20)];
        // Mostly shared prefixes, so the word loop and the byte tail both decide.
        for (int i = 0; i < left.length; i++) {
          left[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x61);
        }
        for (int i = 0; i < right.length; i++) {
          right[i] =
              i < left.length && random.nextInt(10) != 0 ? left[i] : (byte) random.nextInt(256);
        }
        buffer.setBytes(0, left);
        buffer.setBytes(32, right);
        int actual =
            StatisticsCollector.compareUnsigned(
                buffer.memoryAddress(), left.length, buffer.memoryAddress() + 32, right.length);
        assertEquals(
            Integer.signum(Arrays.compareUnsigned(left, right)),
            Integer.signum(actual),
            Arrays.toString(left) + " vs " + Arrays.toString(right));
      }
    }
  }
}
