package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.reference.GeoFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs udfs/geo.wasm on Chicory and compares it with {@link GeoFunctions}. */
class GeoUdfTest {
  private final TestHost host = TestHost.example("geo");

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void haversineRowMatchesTheReference() {
    // Paris to London, about 343.5 km; the same point; antipodes (half the circumference).
    assertEquals(343.5, host.rowDouble("haversine", 48.8566, 2.3522, 51.5074, -0.1278), 0.1);
    assertEquals(0.0, host.rowDouble("haversine", 10, 20, 10, 20));
    assertEquals(
        Math.PI * GeoFunctions.EARTH_RADIUS_KM, host.rowDouble("haversine", 0, 0, 0, 180), 1e-9);
    Random random = new Random(1);
    for (int i = 0; i < 1000; i++) {
      double[] p = randomPoints(random);
      double expected = GeoFunctions.haversine(p[0], p[1], p[2], p[3]);
      assertEquals(expected, host.rowDouble("haversine", p), Math.abs(expected) * 1e-12 + 1e-12);
    }
  }

  @Test
  void haversineBatchMatchesTheRowAbiAndPassesNulls() {
    Random random = new Random(2);
    List<Object> lat1 = new ArrayList<>();
    List<Object> lon1 = new ArrayList<>();
    List<Object> lat2 = new ArrayList<>();
    List<Object> lon2 = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double[] p = randomPoints(random);
      lat1.add(p[0]);
      lon1.add(i % 7 == 3 ? null : p[1]);
      lat2.add(p[2]);
      lon2.add(p[3]);
    }
    List<Object> result =
        host.scalar(
            "haversine_batch",
            "g",
            Column.of("g", lat1),
            Column.of("g", lon1),
            Column.of("g", lat2),
            Column.of("g", lon2));
    assertEquals(3000, result.size());
    for (int i = 0; i < result.size(); i++) {
      if (lon1.get(i) == null) {
        assertEquals(null, result.get(i));
        continue;
      }
      double row =
          host.rowDouble(
              "haversine",
              (Double) lat1.get(i),
              (Double) lon1.get(i),
              (Double) lat2.get(i),
              (Double) lon2.get(i));
      assertEquals(row, (Double) result.get(i), "the same C code on both ABIs, bit for bit");
    }
  }

  @Test
  void addOneOnBothAbis() {
    assertEquals(42L, host.row("add_one", 41));
    assertEquals(Long.MIN_VALUE, host.row("add_one", Long.MAX_VALUE));
    assertEquals(
        List.of(1L, Long.MIN_VALUE, 0L),
        filterNulls(
            host.scalar("add_one_batch", "l", Column.of("l", 0L, null, Long.MAX_VALUE, -1L))));
  }

  private static List<Object> filterNulls(List<Object> values) {
    assertEquals(null, values.get(1));
    List<Object> rest = new ArrayList<>(values);
    rest.remove(1);
    return rest;
  }

  private static double[] randomPoints(Random random) {
    return new double[] {
      random.nextDouble() * 180 - 90,
      random.nextDouble() * 360 - 180,
      random.nextDouble() * 180 - 90,
      random.nextDouble() * 360 - 180
    };
  }
}
