package io.sluice.examples.reference;

import java.nio.charset.StandardCharsets;

/**
 * References of {@code udfs/strings.c}: {@code url_host}, {@code normalize} and {@code
 * reverse_utf8}, bit for bit.
 */
public final class StringFunctions {
  private StringFunctions() {}

  /**
   * Returns {@code url_host}'s result: the host of {@code scheme://[userinfo@]host[:port]/...} or
   * of a network-path reference {@code //host/...}, ASCII letters lower-cased. The authority ends
   * at the first {@code /}, {@code ?} or {@code #}; userinfo ends at its last {@code @}; an
   * IP-literal keeps its brackets ({@code [::1]}, as {@link java.net.URI#getHost()} does).
   * Non-ASCII characters and percent-escapes are kept as they are.
   *
   * @param url any text, or null
   * @return the host, or null when {@code url} is null, has no {@code scheme://} or {@code //}
   *     prefix, or its host is empty ({@code file:///etc}, {@code mailto:a@b.c})
   */
  public static String urlHost(String url) {
    if (url == null) {
      return null;
    }
    int n = url.length();
    int i;
    if (url.startsWith("//")) {
      i = 2;
    } else {
      if (n == 0 || !isAlpha(url.charAt(0))) {
        return null;
      }
      i = 1;
      while (i < n && isSchemeChar(url.charAt(i))) {
        i++;
      }
      if (!url.startsWith("://", i)) {
        return null;
      }
      i += 3;
    }
    int authorityEnd = i;
    while (authorityEnd < n && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at >= i) {
      i = at + 1;
    }
    int hostEnd = i;
    if (i < authorityEnd && url.charAt(i) == '[') {
      while (hostEnd < authorityEnd && url.charAt(hostEnd) != ']') {
        hostEnd++;
      }
      if (hostEnd == authorityEnd) {
        return null;
      }
      hostEnd++;
    } else {
      while (hostEnd < authorityEnd && url.charAt(hostEnd) != ':') {
        hostEnd++;
      }
    }
    if (hostEnd == i) {
      return null;
    }
    StringBuilder host = new StringBuilder(hostEnd - i);
    for (int k = i; k < hostEnd; k++) {
      char c = url.charAt(k);
      host.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return host.toString();
  }

  /**
   * Returns {@code normalize}'s result for a Java string (encoded to UTF-8 first, so an unpaired
   * surrogate becomes {@code ?}).
   *
   * @param text any text, or null
   * @return see {@link #normalize(byte[], long)}; null for null
   */
  public static String normalize(String text) {
    return text == null ? null : normalize(text.getBytes(StandardCharsets.UTF_8), 0);
  }

  /**
   * Returns {@code normalize}'s result: every code point mapped by {@link #toLowerCase(int)}, every
   * run of {@link #isWhiteSpace(int) white space} replaced by one ASCII space, leading and trailing
   * white space removed.
   *
   * @param utf8 the value's bytes
   * @param row the value's row in its batch, for the error message
   * @return the normalized text
   * @throws IllegalArgumentException with the guest's message, {@code invalid UTF-8 at row R, byte
   *     B}, when the bytes are not well-formed UTF-8 (B is the offset of the first bad sequence)
   */
  public static String normalize(byte[] utf8, long row) {
    StringBuilder out = new StringBuilder(utf8.length);
    boolean pendingSpace = false;
    for (int i = 0; i < utf8.length; ) {
      long decoded = Utf8.decode(utf8, i);
      if (decoded == 0) {
        throw new IllegalArgumentException("invalid UTF-8 at row " + row + ", byte " + i);
      }
      int cp = (int) (decoded >>> 3);
      i += (int) (decoded & 7);
      if (isWhiteSpace(cp)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
      }
      pendingSpace = false;
      out.appendCodePoint(toLowerCase(cp));
    }
    return out.toString();
  }

  /**
   * Returns {@code reverse_utf8}'s result: the text reversed code point by code point (a
   * supplementary character stays whole).
   *
   * @param text any text, or null
   * @return the reversed text, or null for null
   */
  public static String reverseUtf8(String text) {
    return text == null ? null : new StringBuilder(text).reverse().toString();
  }

  /**
   * Returns where {@code normalize} and {@code reverse_utf8} report invalid UTF-8.
   *
   * @param bytes any bytes
   * @return the offset of the first ill-formed sequence, or -1 when all are well-formed
   */
  public static int firstInvalidUtf8(byte[] bytes) {
    return Utf8.firstInvalid(bytes);
  }

  /**
   * Lower-cases one code point as {@code normalize} does: Unicode's simple lowercase mapping (what
   * {@link Character#toLowerCase(int)} returns) for ASCII, Latin-1 Supplement (U+00C0..U+00DE),
   * Latin Extended-A (U+0100..U+017F), the Greek capitals U+0386..U+03AB and the Cyrillic capitals
   * U+0400..U+042F; every other code point unchanged.
   *
   * @param cp a Unicode scalar value
   * @return its lowercase form within the covered ranges, else {@code cp}
   */
  public static int toLowerCase(int cp) {
    if (cp < 0x80) {
      return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    }
    if (cp >= 0xC0 && cp <= 0xDE) {
      return cp == 0xD7 ? cp : cp + 32;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
      if (cp == 0x130) {
        return 0x69;
      }
      if (cp == 0x178) {
        return 0xFF;
      }
      if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) {
        return cp;
      }
      boolean oddCapitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
      return ((cp & 1) != 0) == oddCapitals ? cp + 1 : cp;
    }
    if (cp >= 0x386 && cp <= 0x3AB) {
      if (cp == 0x386) {
        return 0x3AC;
      }
      if (cp >= 0x388 && cp <= 0x38A) {
        return cp + 37;
      }
      if (cp == 0x38C) {
        return 0x3CC;
      }
      if (cp == 0x38E || cp == 0x38F) {
        return cp + 63;
      }
      return cp >= 0x391 && cp != 0x3A2 ? cp + 32 : cp;
    }
    if (cp >= 0x400 && cp <= 0x40F) {
      return cp + 80;
    }
    if (cp >= 0x410 && cp <= 0x42F) {
      return cp + 32;
    }
    return cp;
  }

  /**
   * Says whether {@code normalize} treats a code point as white space: Unicode's White_Space
   * property.
   *
   * @param cp a Unicode scalar value
   * @return true for U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
   *     U+2029, U+202F, U+205F and U+3000
   */
  public static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || cp == 0x20
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSchemeChar(char c) {
    return isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  }
}
