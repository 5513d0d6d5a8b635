package io.sluice.examples.reference;

/**
 * The strict UTF-8 decoder of {@code udfs/utf8.h}: exactly the well-formed sequences of the Unicode
 * Standard (table 3-7), so that invalid input is rejected at the same byte as in the guest.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * Decodes the sequence that starts at {@code s[i]}.
   *
   * @return {@code codePoint << 3 | length} (length 1 to 4), or 0 if the bytes at {@code i} do not
   *     start a well-formed sequence
   */
  static long decode(byte[] s, int i) {
    int b0 = s[i] & 0xFF;
    if (b0 < 0x80) {
      return (long) b0 << 3 | 1;
    }
    int n;
    int cp;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      cp = b0 & 0x0F;
      lo = b0 == 0xE0 ? 0xA0 : lo;
      hi = b0 == 0xED ? 0x9F : hi;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      cp = b0 & 0x07;
      lo = b0 == 0xF0 ? 0x90 : lo;
      hi = b0 == 0xF4 ? 0x8F : hi;
    } else {
      return 0;
    }
    if (s.length - i < n) {
      return 0;
    }
    int b1 = s[i + 1] & 0xFF;
    if (b1 < lo || b1 > hi) {
      return 0;
    }
    cp = cp << 6 | (b1 & 0x3F);
    for (int k = 2; k < n; k++) {
      int b = s[i + k] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        return 0;
      }
      cp = cp << 6 | (b & 0x3F);
    }
    return (long) cp << 3 | n;
  }

  /**
   * Finds the first ill-formed sequence.
   *
   * @return the offset of its first byte, or -1 if all of {@code s} is well-formed UTF-8
   */
  static int firstInvalid(byte[] s) {
    for (int i = 0; i < s.length; ) {
      long decoded = decode(s, i);
      if (decoded == 0) {
        return i;
      }
      i += (int) (decoded & 7);
    }
    return -1;
  }
}
