package io.sluice.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Words as wordcount.wasm's map_words cuts them, in Java: maximal runs of ASCII letters, ASCII
 * digits and non-ASCII bytes of the UTF-8 text, ASCII letters lower-cased.
 */
final class WordsReference {
  private WordsReference() {}

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    while (i < bytes.length) {
      while (i < bytes.length && !isWordByte(bytes[i])) {
        i++;
      }
      int start = i;
      while (i < bytes.length && isWordByte(bytes[i])) {
        i++;
      }
      if (i > start) {
        byte[] word = new byte[i - start];
        for (int j = start; j < i; j++) {
          byte c = bytes[j];
          word[j - start] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
        }
        words.add(new String(word, StandardCharsets.UTF_8));
      }
    }
    return words;
  }

  private static boolean isWordByte(byte b) {
    int c = b & 0xFF;
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
