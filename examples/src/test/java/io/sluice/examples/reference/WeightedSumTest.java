package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class WeightedSumTest {
  @Test
  void sumsProductsOfRowsWithBoth() {
    WeightedSum sum = new WeightedSum().add(2.0, 3.0).add(null, 5.0).add(4.0, null).add(-1.0, 0.5);
    assertEquals(5.5, sum.result());
    assertEquals(7.5, sum.merge(new WeightedSum().add(1.0, 2.0)).result());
  }

  @Test
  void nothingGivesNull() {
    assertNull(new WeightedSum().result());
    assertNull(new WeightedSum().add(null, 1.0).merge(new WeightedSum()).result());
    assertEquals(0.0, new WeightedSum().add(0.0, 0.0).result());
  }
}
