package io.sluice.jobs;

import java.util.Locale;
import java.util.Objects;

/**
 * What a job reads: a table, scanned shard by shard where it lives, or a SQL query, run by the
 * embedded engine and split into map tasks.
 *
 * @param kind table or query
 * @param text the table name or the query
 */
public record JobInput(Kind kind, String text) {

  /** The two kinds of input. */
  public enum Kind {
    /** A table of the store: one map task per shard. */
    TABLE,
    /** A SQL query: its rows are split into one map task per reduce partition. */
    QUERY
  }

  /** Checks that both parts are there. */
  public JobInput {
    Objects.requireNonNull(kind, "kind");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a job input needs a table name or a query");
    }
  }

  /**
   * @param name a table name
   * @return the table as input
   */
  public static JobInput table(String name) {
    return new JobInput(Kind.TABLE, name);
  }

  /**
   * @param sql a query
   * @return the query as input
   */
  public static JobInput query(String sql) {
    return new JobInput(Kind.QUERY, sql);
  }

  /**
   * Reads the command line's {@code --input}: a query when it starts with SELECT, WITH, VALUES or a
   * parenthesis, a table name otherwise.
   *
   * @param text a table name or a query
   * @return the input
   */
  public static JobInput parse(String text) {
    String start = text.stripLeading();
    int end = 0;
    while (end < start.length() && Character.isLetter(start.charAt(end))) {
      end++;
    }
    String word = start.substring(0, end).toUpperCase(Locale.ROOT);
    boolean query =
        start.startsWith("(")
            || ((word.equals("SELECT") || word.equals("WITH") || word.equals("VALUES"))
                && end < start.length());
    return query ? query(text.strip()) : table(text.strip());
  }

  @Override
  public String toString() {
    return kind == Kind.TABLE ? text : "(" + text + ")";
  }
}
