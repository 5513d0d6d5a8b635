package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void bucketsByDecade() {
    assertEquals(
        "[0,10):3 [10,100):5",
        Histogram.of(Arrays.asList(0.0, 2.5, 9.999, 10.0, 11.0, 50.0, 99.0, 99.99, null)));
    assertEquals(
        "(-inf,0):2 [0,10):1 [1000,10000):1 [1000000000000000,inf):2 NaN:1",
        Histogram.of(
            List.of(
                -1e-300,
                Double.NEGATIVE_INFINITY,
                -0.0,
                1000.0,
                1e15,
                Double.POSITIVE_INFINITY,
                Double.NaN)));
    assertEquals(
        "[100000000000000,1000000000000000):1", Histogram.of(List.of(999_999_999_999_999.9)));
  }

  @Test
  void labelsAndBounds() {
    assertEquals("(-inf,0)", Histogram.label(0));
    assertEquals("[0,10)", Histogram.label(1));
    assertEquals("[10,100)", Histogram.label(2));
    assertEquals("[1000000000000000,inf)", Histogram.label(Histogram.BUCKETS - 1));
    assertEquals(1, Histogram.bucket(9.999999999999998));
    assertEquals(2, Histogram.bucket(10));
  }

  @Test
  void mergeEqualsOneStateOverAllValues() {
    Histogram a = new Histogram().add(1.0).add(150.0).add(Double.NaN);
    Histogram b = new Histogram().add(2.0).add(-5.0).add(null);
    assertEquals(
        Histogram.of(Arrays.asList(1.0, 150.0, Double.NaN, 2.0, -5.0, null)), a.merge(b).result());
    assertEquals("(-inf,0):1 [0,10):2 [100,1000):1 NaN:1", a.result());
  }

  @Test
  void nothingGivesNull() {
    assertNull(Histogram.of(List.of()));
    assertNull(Histogram.of(Arrays.asList((Double) null)));
  }
}
