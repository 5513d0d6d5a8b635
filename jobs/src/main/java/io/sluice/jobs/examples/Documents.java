package io.sluice.jobs.examples;

import java.util.Random;

/**
 * Generates short text documents, deterministically from a seed: words drawn from a vocabulary of
 * made-up words by a Zipf law (a few words are very common, most are rare, as in real text), each
 * document's first word capitalized, commas here and there and a full stop at the end, and now and
 * then a word outside ASCII. The input of the word count and inverted index examples and tests.
 */
public final class Documents {
  /** Distinct words of the vocabulary. */
  public static final int VOCABULARY = 20_000;

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "ho", "ji", "pa", "ze"
  };
  private static final String[] UNUSUAL = {"naïve", "Ελλάδα", "東京", "café"};

  private final Random random;
  private final double[] cumulative = new double[VOCABULARY];

  /**
   * @param seed the seed: the same seed gives the same documents
   */
  public Documents(long seed) {
    this.random = new Random(seed);
    double total = 0;
    for (int rank = 0; rank < VOCABULARY; rank++) {
      total += 1.0 / (rank + 1);
      cumulative[rank] = total;
    }
    for (int rank = 0; rank < VOCABULARY; rank++) {
      cumulative[rank] /= total;
    }
  }

  /**
   * @param rank a word's rank, 0 for the most common
   * @return the word: syllables spelling the rank in base 16, so every rank has its own word
   */
  public static String word(int rank) {
    StringBuilder word = new StringBuilder();
    int rest = rank;
    do {
      word.append(SYLLABLES[rest % SYLLABLES.length]);
      rest /= SYLLABLES.length;
    } while (rest > 0);
    return word.toString();
  }

  /**
   * @return the next document: 3 to 14 words
   */
  public String next() {
    int words = 3 + random.nextInt(12);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        text.append(random.nextInt(8) == 0 ? ", " : " ");
      }
      String word =
          random.nextInt(500) == 0 ? UNUSUAL[random.nextInt(UNUSUAL.length)] : word(rank());
      text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
    }
    return text.append('.').toString();
  }

  private int rank() {
    double u = random.nextDouble();
    int low = 0;
    int high = VOCABULARY - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] < u) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
