package io.sluice.examples.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference of {@code udfs/split.c}'s table function {@code split_words(text VARCHAR) RETURNS
 * TABLE(word VARCHAR, position INT)}.
 *
 * <p>A word is a maximal run of ASCII letters, ASCII digits and non-ASCII characters: the text is
 * split at ASCII white space, ASCII punctuation and ASCII control characters only, so multi-byte
 * words stay whole and non-ASCII punctuation or spaces belong to words.
 */
public final class SplitWords {
  private SplitWords() {}

  /**
   * One output row of one input text.
   *
   * @param word the word
   * @param position its position among the text's words, from 1
   */
  public record Word(String word, int position) {}

  /**
   * Returns the rows {@code split_words} produces for one input row.
   *
   * @param text any text, or null
   * @return its words in order; empty for null or a text without words
   */
  public static List<Word> split(String text) {
    List<Word> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    int n = text.length();
    int i = 0;
    while (true) {
      while (i < n && !isWordChar(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && isWordChar(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        return words;
      }
      words.add(new Word(text.substring(start, i), words.size() + 1));
    }
  }

  /** Every UTF-16 unit of a non-ASCII character is at least 0x80, as every byte of its UTF-8. */
  private static boolean isWordChar(char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
