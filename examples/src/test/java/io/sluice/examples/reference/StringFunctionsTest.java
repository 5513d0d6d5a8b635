package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StringFunctionsTest {
  @Test
  void urlHostOfHandPickedUrls() {
    assertEquals("example.com", StringFunctions.urlHost("https://Example.COM/path?q=1#f"));
    assertEquals("host.example.org", StringFunctions.urlHost("http://u:p@Host.Example.org:8080/"));
    assertEquals("c.io", StringFunctions.urlHost("ftp://a@b@c.io/"));
    assertEquals("[2001:db8::1]", StringFunctions.urlHost("https://[2001:DB8::1]:443/"));
    assertEquals("cdn.example.net", StringFunctions.urlHost("//cdn.example.net/lib.js"));
    assertEquals("a.b", StringFunctions.urlHost("git+ssh://A.B"));
    assertEquals("x", StringFunctions.urlHost("s://x?y"));
    assertEquals("x", StringFunctions.urlHost("s://x#y"));
    assertEquals("bücher.example", StringFunctions.urlHost("https://Bücher.example/straße"));
    assertNull(StringFunctions.urlHost("https://[::1"));
    assertNull(StringFunctions.urlHost("file:///etc/passwd"));
    assertNull(StringFunctions.urlHost("mailto:someone@example.com"));
    assertNull(StringFunctions.urlHost("example.com/no-scheme"));
    assertNull(StringFunctions.urlHost("1http://bad.scheme/"));
    assertNull(StringFunctions.urlHost("http://:80/"));
    assertNull(StringFunctions.urlHost("http://user@/"));
    assertNull(StringFunctions.urlHost(""));
    assertNull(StringFunctions.urlHost(null));
  }

  @Test
  void urlHostAgreesWithJavaNetUriOnWellFormedUrls() {
    for (String url :
        new String[] {
          "https://Example.COM/path?q=1#f",
          "http://user:pass@host.example.org:8080/x",
          "https://[2001:db8::1]:443/",
          "ftp://ftp.example.net",
          "http://127.0.0.1:8080/",
          "https://sub.domain.co.uk?q"
        }) {
      assertEquals(
          URI.create(url).getHost().toLowerCase(Locale.ROOT), StringFunctions.urlHost(url), url);
    }
  }

  @Test
  void normalizeLowercasesCollapsesAndTrims() {
    assertEquals("hello, world", StringFunctions.normalize("  Hello,\tWORLD \n "));
    assertEquals("àéîõü çñ × ß ÿ", StringFunctions.normalize("ÀÉÎÕÜ ÇÑ × ß ÿ"));
    assertEquals("istanbul ĳssel ŀ ÿ ŉ ſ ı", StringFunctions.normalize("İSTANBUL Ĳssel Ŀ Ÿ ŉ ſ ı"));
    assertEquals("άέήίόύώ αβγ σίσυφοσ", StringFunctions.normalize("ΆΈΉΊΌΎΏ ΑΒΓ ΣΊΣΥΦΟΣ"));
    assertEquals("ёжик в тумане ѐ", StringFunctions.normalize("ЁЖИК В ТУМАНЕ Ѐ"));
    assertEquals("東京 タワー 🙂", StringFunctions.normalize("東京\u3000タワー\u00a0\u2003🙂"));
    assertEquals("ǅ ǈ ɐ", StringFunctions.normalize("ǅ ǈ ɐ")); // outside the covered ranges
    assertEquals("", StringFunctions.normalize(" \u0085\u2028 "));
    assertEquals("", StringFunctions.normalize(""));
    assertNull(StringFunctions.normalize((String) null));
  }

  @Test
  void lowerCaseIsUnicodesSimpleMappingInTheCoveredRangesAndIdentityElsewhere() {
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      boolean covered =
          cp < 0x80
              || (cp >= 0xC0 && cp <= 0xDE)
              || (cp >= 0x100 && cp <= 0x17F)
              || (cp >= 0x386 && cp <= 0x3AB)
              || (cp >= 0x400 && cp <= 0x42F);
      int expected = covered ? Character.toLowerCase(cp) : cp;
      assertEquals(expected, StringFunctions.toLowerCase(cp), Integer.toHexString(cp));
    }
  }

  @Test
  void whiteSpaceIsUnicodesWhiteSpaceProperty() {
    Pattern whiteSpace = Pattern.compile("\\p{IsWhite_Space}");
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      assertEquals(
          whiteSpace.matcher(Character.toString(cp)).matches(),
          StringFunctions.isWhiteSpace(cp),
          Integer.toHexString(cp));
    }
  }

  @Test
  void invalidUtf8IsFoundAtTheFirstBadSequence() {
    assertEquals(
        -1, StringFunctions.firstInvalidUtf8("naïve 東京 🙂".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, StringFunctions.firstInvalidUtf8(bytes(0x80))); // stray continuation
    assertEquals(0, StringFunctions.firstInvalidUtf8(bytes(0xC0, 0x80))); // overlong NUL
    assertEquals(1, StringFunctions.firstInvalidUtf8(bytes('a', 0xE0, 0x80, 0x80))); // overlong
    assertEquals(0, StringFunctions.firstInvalidUtf8(bytes(0xED, 0xA0, 0x80))); // surrogate
    assertEquals(0, StringFunctions.firstInvalidUtf8(bytes(0xF4, 0x90, 0x80, 0x80))); // > U+10FFFF
    assertEquals(0, StringFunctions.firstInvalidUtf8(bytes(0xF5, 0x80, 0x80, 0x80)));
    assertEquals(2, StringFunctions.firstInvalidUtf8(bytes('o', 'k', 0xE6, 0x9D))); // truncated
    assertEquals(3, StringFunctions.firstInvalidUtf8(bytes('a', 'b', 'c', 0xC3, '(')));
  }

  @Test
  void invalidUtf8AgreesWithTheJdksStrictDecoder() {
    Random random = new Random(8);
    int[] interesting = {
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
      0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
    };
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[1 + random.nextInt(6)];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) interesting[random.nextInt(interesting.length)];
      }
      assertEquals(jdkAccepts(b), StringFunctions.firstInvalidUtf8(b) < 0);
    }
  }

  @Test
  void normalizeReportsTheRowAndByte() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StringFunctions.normalize(bytes('a', 'b', 'c', 0xC3, '('), 17));
    assertEquals("invalid UTF-8 at row 17, byte 3", e.getMessage());
  }

  @Test
  void reverseUtf8KeepsSupplementaryCharactersWhole() {
    assertEquals("x🙂京東", StringFunctions.reverseUtf8("東京🙂x"));
    assertEquals("", StringFunctions.reverseUtf8(""));
    assertNull(StringFunctions.reverseUtf8(null));
  }

  private static boolean jdkAccepts(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
