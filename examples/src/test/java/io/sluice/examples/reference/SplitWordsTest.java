package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.reference.SplitWords.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitWordsTest {
  @Test
  void splitsAtAsciiSpacesPunctuationAndControls() {
    assertEquals(
        List.of(
            new Word("Hello", 1),
            new Word("world", 2),
            new Word("It", 3),
            new Word("s", 4),
            new Word("2024", 5)),
        SplitWords.split("Hello, world! It's 2024."));
    assertEquals(
        List.of(new Word("a", 1), new Word("b", 2), new Word("c", 3), new Word("d", 4)),
        SplitWords.split("a_b-c\u0001d"));
  }

  @Test
  void keepsMultiByteWordsWhole() {
    assertEquals(
        List.of(
            new Word("naïve", 1),
            new Word("café", 2),
            new Word("—", 3),
            new Word("Ελλάδα", 4),
            new Word("東京タワー🙂", 5),
            new Word("x\u00a0y", 6)),
        SplitWords.split("naïve café — Ελλάδα 東京タワー🙂 x\u00a0y"));
  }

  @Test
  void nothingToSplit() {
    assertEquals(List.of(), SplitWords.split(null));
    assertEquals(List.of(), SplitWords.split(""));
    assertEquals(List.of(), SplitWords.split(" .,;\t\n "));
    assertEquals(List.of(new Word("x", 1)), SplitWords.split("x"));
  }
}
