package io.sluice.examples.reference;

/** References of {@code udfs/predicates.c}: {@code is_private_ip} and {@code in_bbox}. */
public final class PredicateFunctions {
  private PredicateFunctions() {}

  /**
   * Returns {@code is_private_ip}'s result.
   *
   * @param ip a strict dotted-quad IPv4 address: four decimal parts of 1 to 3 ASCII digits, each at
   *     most 255, without leading zeros, nothing around them
   * @return true for 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 127.0.0.0/8; false for other
   *     addresses; null when {@code ip} is null or not such an address
   */
  public static Boolean isPrivateIp(String ip) {
    if (ip == null) {
      return null;
    }
    long address = parseIpv4(ip);
    if (address < 0) {
      return null;
    }
    return (address >>> 24) == 10
        || (address >>> 20) == 0xAC1
        || (address >>> 16) == 0xC0A8
        || (address >>> 24) == 127;
  }

  /** Returns the address as an unsigned 32-bit value, or -1 if the text is not a dotted quad. */
  static long parseIpv4(String s) {
    int n = s.length();
    int i = 0;
    long value = 0;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (i >= n || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int start = i;
      int octet = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        octet = octet * 10 + (s.charAt(i++) - '0');
      }
      int digits = i - start;
      if (digits == 0 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = value << 8 | octet;
    }
    return i == n ? value : -1;
  }

  /**
   * Returns {@code in_bbox}'s result: whether a point lies in a box, bounds included. A box whose
   * {@code lonMin} is greater than its {@code lonMax} crosses the 180th meridian. A NaN anywhere
   * compares false, so the point is outside.
   *
   * @param lat the point's latitude
   * @param lon the point's longitude
   * @param latMin the box's southern bound
   * @param lonMin the box's western bound
   * @param latMax the box's northern bound
   * @param lonMax the box's eastern bound
   * @return whether the point is inside
   */
  public static boolean inBbox(
      double lat, double lon, double latMin, double lonMin, double latMax, double lonMax) {
    if (!(lat >= latMin && lat <= latMax)) {
      return false;
    }
    if (lonMin <= lonMax) {
      return lon >= lonMin && lon <= lonMax;
    }
    return lon >= lonMin || lon <= lonMax;
  }
}
