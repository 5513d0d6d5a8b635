package io.sluice.examples.reference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference of {@code udfs/sketches.c}'s aggregate {@code top_k(value VARCHAR) RETURNS VARCHAR}: a
 * Misra-Gries frequent-items summary of {@value #COUNTERS} counters, merged as in Agarwal et al.,
 * "Mergeable Summaries" (PODS 2012), reporting the {@value #RESULTS} largest counters.
 *
 * <p>Error bound: for N non-null values, each reported count c of a value whose true frequency is f
 * satisfies {@code f - N / (COUNTERS + 1) <= c <= f}, whatever the order of updates and merges; a
 * value with {@code f > N / (COUNTERS + 1)} is always kept. With at most {@value #COUNTERS}
 * distinct values the counts are exact. Otherwise which values survive depends on how rows were
 * split among partial states (the bound does not), which is why the SQL function is declared
 * NONDETERMINISTIC; this class reproduces the guest exactly when given the same updates and merges
 * in the same grouping.
 *
 * <p>The result is a JSON object, counts descending, ties broken by the values' UTF-8 bytes
 * (unsigned) ascending: {@code {"a":12,"b":7}}. In the values, {@code "} and {@code \} are escaped
 * with a backslash and characters below U+0020 as {@code \}{@code u00xx}; nothing else is.
 */
public final class TopK {
  /** Counters in the summary (m). */
  public static final int COUNTERS = 64;

  /** Counters shown in the result. */
  public static final int RESULTS = 10;

  private final Map<String, Long> counters = new HashMap<>();
  private long total;

  /**
   * Folds in one value, as {@code top_k_update} does.
   *
   * @param value a value, or null (skipped)
   * @return this
   */
  public TopK add(String value) {
    if (value == null) {
      return this;
    }
    total++;
    if (counters.containsKey(value)) {
      counters.merge(value, 1L, Long::sum);
    } else if (counters.size() < COUNTERS) {
      counters.put(value, 1L);
    } else {
      decrement(1);
    }
    return this;
  }

  /**
   * Folds in another summary, as {@code top_k_merge} does: counts added, then, if more than {@value
   * #COUNTERS} counters remain, the ({@value #COUNTERS} + 1)-th largest count subtracted from every
   * counter and the counters left at zero or below dropped.
   *
   * @param other a summary, unchanged
   * @return this
   */
  public TopK merge(TopK other) {
    other.counters.forEach((value, count) -> counters.merge(value, count, Long::sum));
    if (counters.size() > COUNTERS) {
      long[] counts = counters.values().stream().mapToLong(Long::longValue).sorted().toArray();
      decrement(counts[counts.length - 1 - COUNTERS]);
    }
    total += other.total;
    return this;
  }

  private void decrement(long amount) {
    counters.replaceAll((value, count) -> count - amount);
    counters.values().removeIf(count -> count <= 0);
  }

  /**
   * Returns the number of non-null values folded in (N of the error bound).
   *
   * @return N
   */
  public long total() {
    return total;
  }

  /**
   * Returns the largest amount by which any count may fall short of the true frequency.
   *
   * @return {@code total() / (COUNTERS + 1)}
   */
  public double maxUndercount() {
    return (double) total / (COUNTERS + 1);
  }

  /**
   * Returns the summary's counters.
   *
   * @return a copy: value to its (lower-bound) count
   */
  public Map<String, Long> counters() {
    return Map.copyOf(counters);
  }

  /**
   * Returns what {@code top_k_finish} returns.
   *
   * @return the JSON object of the largest counters, {@code {}} if none survived, or null when no
   *     value was added
   */
  public String result() {
    if (total == 0) {
      return null;
    }
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(counters.entrySet());
    ranked.sort(
        Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
            .reversed()
            .thenComparing(
                e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < Math.min(RESULTS, ranked.size()); i++) {
      if (i > 0) {
        json.append(',');
      }
      appendJsonString(json, ranked.get(i).getKey());
      json.append(':').append(ranked.get(i).getValue());
    }
    return json.append('}').toString();
  }

  /**
   * Returns the {@code top_k} of some values folded into one state.
   *
   * @param values values, nulls allowed
   * @return the result, or null when there is no non-null value
   */
  public static String of(Iterable<String> values) {
    TopK topK = new TopK();
    for (String v : values) {
      topK.add(v);
    }
    return topK.result();
  }

  private static void appendJsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
