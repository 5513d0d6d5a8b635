package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.examples.reference.StringFunctions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs udfs/strings.wasm on Chicory and compares it with {@link StringFunctions}. */
class StringsUdfTest {
  static final List<String> URLS =
      Arrays.asList(
          "https://Example.COM/path?q=1#frag",
          "http://user:pass@Host.example.org:8080/x",
          "ftp://a@b@c.io/",
          "https://[2001:DB8::1]:443/",
          "https://[::1",
          "//cdn.example.net/lib.js",
          "file:///etc/passwd",
          "mailto:someone@example.com",
          "example.com/no-scheme",
          "https://xn--bcher-kva.example/",
          "https://bücher.example/straße",
          "http://:80/",
          "1http://bad-scheme.io/",
          "HTTPS://UPPER.CASE",
          "",
          null);

  private final TestHost host = TestHost.example("strings");

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void urlHostMatchesTheReference() {
    List<Object> hosts = host.scalar("url_host", "u", Column.of("u", URLS));
    List<Object> expected = new ArrayList<>();
    for (String url : URLS) {
      expected.add(StringFunctions.urlHost(url));
    }
    assertEquals(expected, hosts);
    assertEquals("example.com", hosts.get(0));
    assertEquals("bücher.example", hosts.get(10));
  }

  @Test
  void normalizeMatchesTheReferenceOnMultiByteText() {
    List<String> texts =
        Arrays.asList(
            "  Hello,\tWORLD  ",
            "ÀÉÎÕÜ ÇÑ × ß ÿ",
            "İSTANBUL Ĳssel Ŀ Ÿ ŉ ſ",
            "ΆΈΉΊΌΎΏ ΑΒΓ ΣΊΣΥΦΟΣ",
            "ЁЖИК В ТУМАНЕ Ѐ",
            "東京\u3000タワー\u00a0\u2003 🙂 Ünïcödé",
            "\u0085\u2028lines\u2029",
            "",
            null);
    List<Object> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(StringFunctions.normalize(text));
    }
    assertEquals(expected, host.scalar("normalize", "u", Column.of("u", texts)));
    assertEquals("hello, world", expected.get(0));
    assertEquals("istanbul ĳssel ŀ ÿ ŉ ſ", expected.get(2));
  }

  @Test
  void normalizeMatchesTheReferenceOnRandomCodePoints() {
    Random random = new Random(3);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        int cp = random.nextInt(4) == 0 ? 0x20 : random.nextInt(0x600);
        text.appendCodePoint(random.nextInt(50) == 0 ? 0x1F600 + random.nextInt(50) : cp);
      }
      texts.add(text.toString());
    }
    List<Object> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(StringFunctions.normalize(text));
    }
    assertEquals(expected, host.scalar("normalize", "u", Column.of("u", texts)));
  }

  @Test
  void normalizeMatchesTheReferenceOnEveryCodePointUpToU3100() {
    List<String> texts = new ArrayList<>();
    for (int block = 0; block < 0x3100; block += 0x100) {
      StringBuilder text = new StringBuilder();
      for (int cp = Math.max(block, 1); cp < block + 0x100; cp++) {
        if (cp < 0xD800 || cp > 0xDFFF) {
          text.append('<').appendCodePoint(cp).append('>');
        }
      }
      texts.add(text.toString());
    }
    List<Object> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(StringFunctions.normalize(text));
    }
    assertEquals(expected, host.scalar("normalize", "u", Column.of("u", texts)));
  }

  @Test
  void normalizeNamesTheRowAndByteOfInvalidUtf8() {
    byte[] bad = {'a', 'b', 'c', (byte) 0xC3, '('}; // a lead byte followed by no continuation
    GuestException e =
        assertThrows(
            GuestException.class,
            () -> host.scalar("normalize", "u", Column.of("u", "fine", bad, "never reached")));
    assertEquals(List.of("invalid UTF-8 at row 1, byte 3"), e.messages());
    assertEquals(List.of(1), e.rows());
    IllegalArgumentException reference =
        assertThrows(IllegalArgumentException.class, () -> StringFunctions.normalize(bad, 1));
    assertEquals(e.messages().get(0), reference.getMessage());
  }

  @Test
  void reverseUtf8ReversesByCodePoint() {
    for (String s : List.of("", "abc", "naïve", "東京🙂x", "a\u0301e")) {
      assertEquals(StringFunctions.reverseUtf8(s), host.rowString("reverse_utf8", s));
    }
    assertEquals("x🙂京東", host.rowString("reverse_utf8", "東京🙂x"));
  }

  @Test
  void reverseUtf8ReportsInvalidUtf8() {
    // U+D800 encoded as if it were a character: a surrogate is never valid in UTF-8.
    byte[] encodedSurrogate = {'o', 'k', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    GuestException e =
        assertThrows(GuestException.class, () -> host.rowBytes("reverse_utf8", encodedSurrogate));
    assertEquals(List.of("invalid UTF-8 at byte 2"), e.messages());
    assertEquals(2, StringFunctions.firstInvalidUtf8(encodedSurrogate));
    assertArrayEquals(
        "🙂".getBytes(StandardCharsets.UTF_8),
        host.rowBytes("reverse_utf8", "🙂".getBytes(StandardCharsets.UTF_8)));
  }
}
