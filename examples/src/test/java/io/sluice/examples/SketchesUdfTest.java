package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.reference.Histogram;
import io.sluice.examples.reference.TopK;
import io.sluice.examples.reference.WeightedSum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs udfs/sketches.wasm's aggregates on Chicory the way shards and a coordinator do (init,
 * update, serialize; deserialize in another instance, merge, finish) and compares them with the
 * Java references.
 */
class SketchesUdfTest {
  private final TestHost shard = TestHost.example("sketches");
  private final TestHost coordinator = TestHost.example("sketches");

  @AfterEach
  void close() {
    shard.close();
    coordinator.close();
  }

  /**
   * Aggregates {@code values} split into {@code parts} shards' partial states, one group each; each
   * shard state is serialized, deserialized on the coordinator and merged into the first.
   */
  private Object aggregate(String prefix, String resultFormat, List<Column> columns, int parts) {
    int rows = columns.get(0).length();
    int[] states = shard.aggInit(prefix, parts);
    int[] statePerRow = new int[rows];
    for (int row = 0; row < rows; row++) {
      statePerRow[row] = states[row * parts / Math.max(rows, 1)];
    }
    shard.aggUpdate(prefix, statePerRow, columns.toArray(new Column[0]));
    List<byte[]> blobs = shard.aggSerialize(prefix, states);
    shard.aggDestroy(prefix, states);

    int[] merged = coordinator.aggDeserialize(prefix, blobs);
    for (int i = 1; i < parts; i++) {
      coordinator.aggMerge(prefix, new int[] {merged[0]}, new int[] {merged[i]});
    }
    Object result = coordinator.aggFinish(prefix, new int[] {merged[0]}, resultFormat).get(0);
    coordinator.aggDestroy(prefix, merged);
    return result;
  }

  @Test
  void histogramIsExactWhateverTheSplit() {
    Random random = new Random(5);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      values.add(i % 97 == 0 ? null : Math.pow(10, random.nextDouble() * 17) - 5);
    }
    values.addAll(
        Arrays.asList(
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 10.0, 1e15));
    String expected = Histogram.of(values);
    for (int parts : new int[] {1, 3, 16}) {
      assertEquals(expected, aggregate("histogram", "u", List.of(Column.of("g", values)), parts));
    }
    assertEquals(
        "[0,10):3 [10,100):5",
        aggregate(
            "histogram",
            "u",
            List.of(Column.of("g", 1.0, 2.0, 9.99, 10.0, 11.0, 50.0, 99.0, 99.9, null)),
            2));
  }

  @Test
  void histogramOfNothingIsNull() {
    assertEquals(null, aggregate("histogram", "u", List.of(Column.of("g", null, null)), 1));
    assertEquals(null, aggregate("histogram", "u", List.of(Column.of("g")), 1));
  }

  @Test
  void topKIsExactWithFewDistinctValues() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      for (int k = 0; k <= i % 13; k++) {
        values.add("v" + i);
      }
    }
    values.addAll(Arrays.asList(null, "quote\"back\\slash\ttab", "quote\"back\\slash\ttab", "é"));
    Collections.shuffle(values, new Random(6));
    String expected = TopK.of(values);
    for (int parts : new int[] {1, 4, 9}) {
      assertEquals(expected, aggregate("top_k", "u", List.of(Column.of("u", values)), parts));
    }
    assertTrue(expected.startsWith("{\"v12\":13,\"v25\":13,"), expected);
  }

  @Test
  void topKMatchesTheReferenceGroupingForGroupingAndKeepsItsErrorBound() {
    Random random = new Random(7);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      // Zipf-like: a few heavy hitters over a long tail of 5000 distinct values.
      int v = (int) Math.floor(Math.pow(5000, random.nextDouble()));
      values.add("item-" + v);
    }
    for (int parts : new int[] {1, 5}) {
      List<TopK> partials = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        partials.add(new TopK());
      }
      for (int row = 0; row < values.size(); row++) {
        partials.get(row * parts / values.size()).add(values.get(row));
      }
      TopK reference = partials.get(0);
      for (int p = 1; p < parts; p++) {
        reference.merge(partials.get(p));
      }
      assertEquals(
          reference.result(), aggregate("top_k", "u", List.of(Column.of("u", values)), parts));

      // Misra-Gries: every kept count is within N / (m + 1) below the true frequency.
      for (var counter : reference.counters().entrySet()) {
        long truth = Collections.frequency(values, counter.getKey());
        assertTrue(counter.getValue() <= truth);
        assertTrue(truth - counter.getValue() <= reference.maxUndercount());
      }
    }
  }

  @Test
  void wsumMatchesTheReference() {
    List<Object> values = new ArrayList<>();
    List<Object> weights = new ArrayList<>();
    WeightedSum reference = new WeightedSum();
    for (int i = 0; i < 1000; i++) {
      Double value = i % 10 == 0 ? null : (double) (i % 17);
      Double weight = i % 15 == 0 ? null : (double) (i % 5);
      values.add(value);
      weights.add(weight);
      reference.add(value, weight);
    }
    for (int parts : new int[] {1, 7}) {
      // Small integers: every product and sum is exact, so any grouping gives the same double.
      assertEquals(
          reference.result(),
          aggregate("wsum", "g", List.of(Column.of("g", values), Column.of("g", weights)), parts));
    }
    assertEquals(
        null,
        aggregate("wsum", "g", List.of(Column.of("g", 1.0), Column.of("g", (Object) null)), 1));
  }
}
