package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeoFunctionsTest {
  private static final double R = GeoFunctions.EARTH_RADIUS_KM;

  @Test
  void distancesCheckedByHand() {
    // One degree along the equator or a meridian is R * pi / 180 = 111.1951 km.
    assertEquals(R * Math.PI / 180, GeoFunctions.haversine(0, 0, 0, 1), 1e-9);
    assertEquals(R * Math.PI / 180, GeoFunctions.haversine(10, 20, 11, 20), 1e-9);
    // A quarter of a great circle from the equator to the pole, half of one to the antipode.
    assertEquals(R * Math.PI / 2, GeoFunctions.haversine(0, 0, 90, 0), 1e-9);
    assertEquals(R * Math.PI, GeoFunctions.haversine(0, 0, 0, 180), 1e-9);
    assertEquals(R * Math.PI, GeoFunctions.haversine(45, 10, -45, -170), 1e-6);
    assertEquals(0.0, GeoFunctions.haversine(48.8566, 2.3522, 48.8566, 2.3522));
    // Paris - London: 343.5 km on the mean sphere (published great-circle figures: 343-344 km).
    assertEquals(343.5, GeoFunctions.haversine(48.8566, 2.3522, 51.5074, -0.1278), 0.1);
  }

  @Test
  void isSymmetricAndWrapsLongitude() {
    double a = GeoFunctions.haversine(40.7128, -74.0060, 35.6762, 139.6503);
    assertEquals(a, GeoFunctions.haversine(35.6762, 139.6503, 40.7128, -74.0060), 1e-9);
    assertEquals(a, GeoFunctions.haversine(40.7128, -74.0060 + 360, 35.6762, 139.6503), 1e-6);
    assertEquals(10_850, a, 20); // New York - Tokyo
  }

  @Test
  void addOneWraps() {
    assertEquals(1, GeoFunctions.addOne(0));
    assertEquals(Long.MIN_VALUE, GeoFunctions.addOne(Long.MAX_VALUE));
  }
}
