package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.reference.SplitWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs udfs/split.wasm's table function on Chicory and compares it with {@link SplitWords}. */
class SplitUdfTest {
  private static final List<Column> OUTPUT =
      List.of(new Column("u", "word", List.of()), new Column("i", "position", List.of()));

  private final TestHost host = TestHost.example("split");

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void splitsLikeTheReference() {
    List<String> texts =
        Arrays.asList(
            "Hello, world! It's 2024.",
            null,
            "",
            "  ...  ",
            "naïve café — Ελλάδα 東京タワー",
            "tab\tnew\nline_under-score",
            "x");
    int[] calls = new int[1];
    List<List<Object>> rows = host.table("split_words", OUTPUT, calls, Column.of("u", texts));
    assertEquals(expectedRows(texts), rows);
    assertEquals(1, calls[0]);
    assertEquals(List.of(0, "Hello", 1), rows.get(0));
    assertEquals(List.of(4, "—", 3), rows.get(7));
  }

  @Test
  void returnsMoreWhenABatchYieldsMoreThan4096Words() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add(i % 5 == 0 ? null : ("w" + i + " ").repeat(400 + i));
    }
    int[] calls = new int[1];
    List<List<Object>> rows = host.table("split_words", OUTPUT, calls, Column.of("u", texts));
    assertEquals(expectedRows(texts), rows);
    assertEquals((rows.size() + 4095) / 4096, calls[0], rows.size() + " rows, 4096 per call");
    assertEquals(true, calls[0] > 2);
  }

  private static List<List<Object>> expectedRows(List<String> texts) {
    List<List<Object>> expected = new ArrayList<>();
    for (int row = 0; row < texts.size(); row++) {
      for (SplitWords.Word word : SplitWords.split(texts.get(row))) {
        expected.add(List.of(row, word.word(), word.position()));
      }
    }
    return expected;
  }
}
