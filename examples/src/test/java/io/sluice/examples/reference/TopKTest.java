package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void exactWithFewDistinctValuesRankedByCountThenBytes() {
    List<String> values = new ArrayList<>();
    for (String s : List.of("b", "a", "é", "c", "b", "a", "z", "b")) {
      values.add(s);
    }
    // a:2 b:3 c:1 z:1 é:1; ties broken by UTF-8 bytes: "c" < "z" < "é" (0xC3 0xA9).
    assertEquals("{\"b\":3,\"a\":2,\"c\":1,\"z\":1,\"é\":1}", TopK.of(values));
  }

  @Test
  void showsTenAndEscapesJson() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      values.addAll(Collections.nCopies(20 - i, "v" + (char) ('a' + i)));
    }
    values.add("quote\"back\\slash\nnew");
    String result = TopK.of(values);
    assertTrue(result.startsWith("{\"va\":20,\"vb\":19,"), result);
    assertEquals(10, result.split(",").length);
    assertEquals(
        "{\"quote\\\"back\\\\slash\\u000anew\":1}", TopK.of(List.of("quote\"back\\slash\nnew")));
  }

  @Test
  void nothingGivesNullAndEverythingCancelledGivesAnEmptyObject() {
    assertNull(TopK.of(List.of()));
    assertNull(TopK.of(Arrays.asList((String) null)));
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i <= TopK.COUNTERS; i++) {
      distinct.add("d" + i); // the 65th cancels one count of each of the 64 kept
    }
    assertEquals("{}", TopK.of(distinct));
  }

  @Test
  void errorBoundHoldsForAnyUpdateAndMergeOrder() {
    Random random = new Random(9);
    for (int trial = 0; trial < 20; trial++) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        values.add("x" + (int) Math.floor(Math.pow(2000, random.nextDouble())));
      }
      Map<String, Long> truth = new HashMap<>();
      values.forEach(v -> truth.merge(v, 1L, Long::sum));

      List<TopK> partials = new ArrayList<>();
      for (int p = 1 + random.nextInt(8); p > 0; p--) {
        partials.add(new TopK());
      }
      values.forEach(v -> partials.get(random.nextInt(partials.size())).add(v));
      while (partials.size() > 1) { // merge random pairs: any tree of merges
        TopK a = partials.remove(random.nextInt(partials.size()));
        TopK b = partials.remove(random.nextInt(partials.size()));
        partials.add(a.merge(b));
      }
      TopK merged = partials.get(0);
      assertEquals(values.size(), merged.total());
      assertTrue(merged.counters().size() <= TopK.COUNTERS);
      for (var e : truth.entrySet()) {
        long estimate = merged.counters().getOrDefault(e.getKey(), 0L);
        assertTrue(estimate <= e.getValue());
        assertTrue(e.getValue() - estimate <= merged.maxUndercount(), e.toString());
      }
    }
  }
}
