package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.examples.ExampleUdfs;
import io.sluice.examples.reference.GeoFunctions;
import io.sluice.examples.reference.Histogram;
import io.sluice.examples.reference.PredicateFunctions;
import io.sluice.examples.reference.SplitWords;
import io.sluice.examples.reference.StringFunctions;
import io.sluice.examples.reference.TopK;
import io.sluice.examples.reference.WeightedSum;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scalar (batch and row ABI), table and aggregate functions of the example modules give what their
 * Java references compute, on generated data with NULLs and multi-byte text, and on empty batches.
 */
class FunctionKindsTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static UdfRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = UdfRuntime.create();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static final String[] WORDS = {
    "Straße", "naïve", "日本", "", "café", "Ünïcödé", "a", "b", "c", "d", "ß", "😀x", "x-y_z"
  };

  static List<String> texts(int count, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % 17 == 5) {
        texts.add(null);
        continue;
      }
      StringBuilder s = new StringBuilder();
      int words = random.nextInt(6);
      for (int w = 0; w < words; w++) {
        s.append(random.nextInt(3) == 0 ? "  " : " ").append(WORDS[random.nextInt(WORDS.length)]);
      }
      texts.add(s.toString());
    }
    return texts;
  }

  private List<Object> scalar(
      UdfModule module, String function, BufferAllocator allocator, FieldVector... args) {
    int rows = args.length == 0 ? 0 : args[0].getValueCount();
    try (FieldVector out = module.function(function).scalar(List.of(args), rows, allocator)) {
      return Columns.values(out);
    }
  }

  @Test
  void stringFunctionsMatchTheirReferences(BufferAllocator allocator) {
    UdfModule strings = runtime.load(ExampleUdfs.module("strings"));
    List<String> texts = texts(3000, 1);
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      urls.add(
          i % 13 == 0
              ? null
              : List.of(
                      "https://a.io/x",
                      "http://user@Example.COM:8080/p?q",
                      "no-scheme",
                      "ftp://日本.jp/")
                  .get(i % 4));
    }
    List<Object> normalized = new ArrayList<>();
    List<Object> reversed = new ArrayList<>();
    for (String t : texts) {
      normalized.add(t == null ? null : StringFunctions.normalize(t));
      reversed.add(t == null ? null : StringFunctions.reverseUtf8(t));
    }
    List<Object> hosts = new ArrayList<>();
    for (String u : urls) {
      hosts.add(u == null ? null : StringFunctions.urlHost(u));
    }
    try (FieldVector text = Columns.of(allocator, SqlType.VARCHAR, texts);
        FieldVector url = Columns.of(allocator, SqlType.VARCHAR, urls)) {
      assertEquals(normalized, scalar(strings, "normalize", allocator, text));
      assertEquals(reversed, scalar(strings, "reverse_utf8", allocator, text));
      assertEquals(hosts, scalar(strings, "url_host", allocator, url));
    }
    try (FieldVector empty = Columns.of(allocator, SqlType.VARCHAR, List.of())) {
      assertEquals(List.of(), scalar(strings, "normalize", allocator, empty));
      assertEquals(List.of(), scalar(strings, "reverse_utf8", allocator, empty));
    }
  }

  @Test
  void numericFunctionsMatchTheirReferencesOnBothAbis(BufferAllocator allocator) throws Exception {
    UdfModule geo = runtime.load(ExampleUdfs.module("geo"));
    Random random = new Random(3);
    int rows = 5000;
    List<List<Double>> coordinates = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        values.add(i % 101 == c ? null : random.nextDouble() * 180 - 90);
      }
      coordinates.add(values);
    }
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Double a = coordinates.get(0).get(i);
      Double b = coordinates.get(1).get(i);
      Double c = coordinates.get(2).get(i);
      Double d = coordinates.get(3).get(i);
      expected.add(
          a == null || b == null || c == null || d == null
              ? null
              : GeoFunctions.haversine(a, b, c, d));
    }
    List<FieldVector> args = new ArrayList<>();
    try {
      for (List<Double> values : coordinates) {
        args.add(Columns.of(allocator, SqlType.DOUBLE, values));
      }
      FieldVector[] array = args.toArray(FieldVector[]::new);
      assertClose(expected, scalar(geo, "haversine", allocator, array));
      assertClose(expected, scalar(geo, "haversine_batch", allocator, array));
    } finally {
      org.apache.arrow.util.AutoCloseables.close(args);
    }
    List<Long> xs = Arrays.asList(1L, null, Long.MAX_VALUE - 1, -5L);
    List<Object> plusOne = Arrays.asList(2L, null, Long.MAX_VALUE, -4L);
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, xs)) {
      assertEquals(plusOne, scalar(geo, "add_one", allocator, x));
      assertEquals(plusOne, scalar(geo, "add_one_batch", allocator, x));
      assertEquals(GeoFunctions.addOne(41), 42);
    }
  }

  /** musl's and fdlibm's sin/cos differ in the last ulp or two (see GeoFunctions). */
  private static void assertClose(List<Object> expected, List<Object> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i) == null || actual.get(i) == null) {
        assertEquals(expected.get(i), actual.get(i), "row " + i);
      } else {
        double e = (Double) expected.get(i);
        assertEquals(e, (Double) actual.get(i), Math.abs(e) * 1e-12, "row " + i);
      }
    }
  }

  @Test
  void predicatesMatchTheirReferences(BufferAllocator allocator) {
    UdfModule predicates = runtime.load(ExampleUdfs.module("predicates"));
    List<String> ips =
        Arrays.asList("10.1.2.3", "192.168.0.1", "8.8.8.8", null, "172.16.5.4", "not an ip", "");
    List<Object> expected = new ArrayList<>();
    for (String ip : ips) {
      expected.add(ip == null ? null : PredicateFunctions.isPrivateIp(ip));
    }
    try (FieldVector ip = Columns.of(allocator, SqlType.VARCHAR, ips)) {
      assertEquals(expected, scalar(predicates, "is_private_ip", allocator, ip));
    }
  }

  @Test
  void aTableFunctionReturnsTheInputRowFirstThenItsColumns(BufferAllocator allocator) {
    UdfModule split = runtime.load(ExampleUdfs.module("split"));
    List<String> texts = texts(2000, 2);
    List<Object> rows = new ArrayList<>();
    List<Object> words = new ArrayList<>();
    List<Object> positions = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        continue;
      }
      for (SplitWords.Word w : SplitWords.split(texts.get(i))) {
        rows.add(i);
        words.add(w.word());
        positions.add(w.position());
      }
    }
    try (FieldVector text = Columns.of(allocator, SqlType.VARCHAR, texts);
        VectorSchemaRoot out =
            split.function("split_words").table(new VectorSchemaRoot(List.of(text)), allocator)) {
      assertEquals(
          List.of("row", "word", "position"),
          out.getSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(rows, Columns.values(out.getVector(0)));
      assertEquals(words, Columns.values(out.getVector(1)));
      assertEquals(positions, Columns.values(out.getVector(2)));
    }
    try (FieldVector empty = Columns.of(allocator, SqlType.VARCHAR, List.of());
        VectorSchemaRoot out =
            split.function("split_words").table(new VectorSchemaRoot(List.of(empty)), allocator)) {
      assertEquals(0, out.getRowCount());
      assertEquals(3, out.getFieldVectors().size());
    }
  }

  /**
   * Partial aggregation on two "shards" (two sessions, grouped), serialization, a merge of both
   * shards' states on a "coordinator" session, and finish: the same as the reference over all rows.
   */
  @Test
  void aggregatesMergePartialStatesAcrossSessions(BufferAllocator allocator) {
    UdfModule sketches = runtime.load(ExampleUdfs.module("sketches"));
    UdfFunction wsum = sketches.function("wsum");
    UdfFunction histogram = sketches.function("histogram");
    Random random = new Random(5);
    int rows = 4000;
    int groups = 3;
    List<Double> values = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    int[] groupOf = new int[rows];
    for (int i = 0; i < rows; i++) {
      values.add(i % 31 == 0 ? null : (double) random.nextInt(100));
      weights.add(i % 37 == 0 ? null : (double) random.nextInt(5));
      groupOf[i] = random.nextInt(groups);
    }
    WeightedSum[] expectedSums = new WeightedSum[groups];
    Histogram[] expectedHistograms = new Histogram[groups];
    for (int g = 0; g < groups; g++) {
      expectedSums[g] = new WeightedSum();
      expectedHistograms[g] = new Histogram();
    }
    for (int i = 0; i < rows; i++) {
      expectedSums[groupOf[i]].add(values.get(i), weights.get(i));
      expectedHistograms[groupOf[i]].add(values.get(i));
    }
    List<Object> sums = new ArrayList<>();
    List<Object> histograms = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      sums.add(expectedSums[g].result());
      histograms.add(expectedHistograms[g].result());
    }

    int half = rows / 2;
    try (FieldVector v = Columns.of(allocator, SqlType.DOUBLE, values);
        FieldVector w = Columns.of(allocator, SqlType.DOUBLE, weights);
        VarBinaryVector shard1 = partial(wsum, List.of(v, w), 0, half, groupOf, allocator);
        VarBinaryVector shard2 = partial(wsum, List.of(v, w), half, rows, groupOf, allocator);
        VarBinaryVector hist1 = partial(histogram, List.of(v), 0, half, groupOf, allocator);
        VarBinaryVector hist2 = partial(histogram, List.of(v), half, rows, groupOf, allocator)) {
      assertEquals(sums, finalMerge(wsum, groups, allocator, shard1, shard2));
      assertEquals(histograms, finalMerge(histogram, groups, allocator, hist1, hist2));
    }
  }

  private static VarBinaryVector partial(
      UdfFunction f,
      List<FieldVector> columns,
      int from,
      int to,
      int[] groupOf,
      BufferAllocator allocator) {
    List<FieldVector> slice = new ArrayList<>();
    try (UdfSession session = f.session();
        AggregateStates states = session.aggregate()) {
      for (FieldVector c : columns) {
        TransferPair pair = c.getTransferPair(allocator);
        pair.splitAndTransfer(from, to - from);
        slice.add((FieldVector) pair.getTo());
      }
      states.ensureGroups(3);
      states.update(slice, to - from, Arrays.copyOfRange(groupOf, from, to));
      return states.serialize(allocator);
    } finally {
      slice.forEach(FieldVector::close);
    }
  }

  private static List<Object> finalMerge(
      UdfFunction f, int groups, BufferAllocator allocator, VarBinaryVector... partials) {
    try (UdfSession session = f.session();
        AggregateStates states = session.aggregate()) {
      int[] identity = new int[groups];
      Arrays.setAll(identity, i -> i);
      for (VarBinaryVector partial : partials) {
        assertEquals(groups, partial.getValueCount());
        states.merge(partial, identity);
      }
      try (FieldVector result = states.finish(allocator)) {
        return Columns.values(result);
      }
    }
  }

  @Test
  void anUngroupedAggregateOverOneSessionMatchesItsReference(BufferAllocator allocator) {
    UdfFunction topK = runtime.load(ExampleUdfs.module("sketches")).function("top_k");
    List<String> values = texts(1500, 9);
    try (FieldVector v = Columns.of(allocator, SqlType.VARCHAR, values);
        UdfSession session = topK.session();
        AggregateStates states = session.aggregate()) {
      VectorSchemaRoot batch = new VectorSchemaRoot(List.of(v));
      states.update(batch);
      try (FieldVector result = states.finish(allocator)) {
        assertEquals(List.of(TopK.of(values)), Columns.values(result));
      }
    }
  }

  @Test
  void callingAFunctionOfAnotherKindIsRefusedWithoutTouchingTheInstance(BufferAllocator allocator) {
    UdfFunction wsum = runtime.load(ExampleUdfs.module("sketches")).function("wsum");
    try (FieldVector v = Columns.of(allocator, SqlType.DOUBLE, 1.0);
        UdfSession session = wsum.session()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> session.scalar(List.of(v, v), 1, allocator));
      assertEquals(
          "function wsum is a AGGREGATE function; scalar() is for SCALAR functions",
          e.getMessage());
    }
  }
}
