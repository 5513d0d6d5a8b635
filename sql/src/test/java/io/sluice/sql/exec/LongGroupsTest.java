package io.sluice.sql.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongGroupsTest {
  @Test
  void numbersKeysInOrderOfFirstAppearanceAcrossBatchesAndGrowth() {
    GroupTable table = new GroupTable(1);
    Map<Long, Integer> reference = new HashMap<>();
    int nullGroup = -1;
    SplittableRandom random = new SplittableRandom(7);
    for (int batch = 0; batch < 20; batch++) {
      int rows = 5_000;
      long[] values = new long[rows];
      boolean[] nulls = new boolean[rows];
      for (int row = 0; row < rows; row++) {
        // Negative, huge and repeated keys, neighbours, and NULLs.
        long key = random.nextInt(40_000) - 20_000L;
        values[row] = random.nextInt(10) == 0 ? key * 1_000_000_007L : key;
        nulls[row] = random.nextInt(50) == 0;
      }
      int[] groups = table.assign(List.of(new Column.Longs(values, nulls)), rows);
      for (int row = 0; row < rows; row++) {
        int expected;
        if (nulls[row]) {
          if (nullGroup < 0) {
            nullGroup = countGroups(reference, -1);
          }
          expected = nullGroup;
        } else {
          int next = countGroups(reference, nullGroup);
          expected = reference.computeIfAbsent(values[row], k -> next);
        }
        assertEquals(expected, groups[row], "batch " + batch + ", row " + row);
      }
    }
    int total = reference.size() + (nullGroup >= 0 ? 1 : 0);
    assertEquals(total, table.size());
    assertTrue(total > 40_000);
    Column keys = table.keyColumn(0, Lane.LONG);
    Column.Longs longs = (Column.Longs) keys;
    for (Map.Entry<Long, Integer> entry : reference.entrySet()) {
      assertFalse(longs.isNull(entry.getValue()));
      assertEquals(entry.getKey(), longs.values[entry.getValue()]);
    }
    assertTrue(longs.isNull(nullGroup));
  }

  private static int countGroups(Map<Long, Integer> reference, int nullGroup) {
    return reference.size() + (nullGroup >= 0 ? 1 : 0);
  }

  @Test
  void anEmptyKeyListIsOneGroup() {
    GroupTable table = new GroupTable(0);
    assertArrayEquals(new int[3], table.assign(List.of(), 3));
    assertEquals(1, table.size());
  }
}
