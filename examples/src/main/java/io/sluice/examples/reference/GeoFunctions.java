package io.sluice.examples.reference;

/**
 * References of {@code udfs/geo.c}: great-circle distance and a trivial numeric function.
 *
 * <p>The distance uses the same formula and the same order of operations as the C code, with {@link
 * StrictMath} (fdlibm). The guest's {@code sin}, {@code cos} and {@code atan2} come from wasi-libc
 * (musl), so results agree to within an ulp or two, not always bit for bit: compare with a relative
 * tolerance such as 1e-12.
 */
public final class GeoFunctions {
  /** Mean Earth radius in kilometres (IUGG mean radius R1), as {@code geo.c} uses. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private GeoFunctions() {}

  /**
   * Returns the haversine distance of {@code haversine} and {@code haversine_batch}.
   *
   * @param lat1 latitude of the first point, degrees
   * @param lon1 longitude of the first point, degrees
   * @param lat2 latitude of the second point, degrees
   * @param lon2 longitude of the second point, degrees
   * @return the great-circle distance in kilometres on a sphere of radius {@link #EARTH_RADIUS_KM}
   */
  public static double haversine(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double sLat = StrictMath.sin(dLat / 2);
    double sLon = StrictMath.sin(dLon / 2);
    double a =
        sLat * sLat
            + StrictMath.cos(Math.toRadians(lat1))
                * StrictMath.cos(Math.toRadians(lat2))
                * sLon
                * sLon;
    if (a > 1) {
      a = 1;
    }
    return 2 * EARTH_RADIUS_KM * StrictMath.atan2(StrictMath.sqrt(a), StrictMath.sqrt(1 - a));
  }

  /**
   * Returns {@code add_one}'s and {@code add_one_batch}'s result.
   *
   * @param x any BIGINT
   * @return {@code x + 1}, wrapping around at {@link Long#MAX_VALUE} as the guest does
   */
  public static long addOne(long x) {
    return x + 1;
  }
}
