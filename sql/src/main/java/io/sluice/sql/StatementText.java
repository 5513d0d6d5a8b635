package io.sluice.sql;

import java.util.Locale;

/** Reads what a statement is from its text, before any parser sees it. */
public final class StatementText {
  private StatementText() {}

  /**
   * @param sql a statement, possibly starting with blanks, comments or opening parentheses
   * @return its first keyword, upper-cased; empty when it starts with none
   */
  public static String firstKeyword(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }
}
