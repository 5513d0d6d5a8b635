package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script into statements at the semicolons that end them, the way psql does: a semicolon
 * inside a quoted string or identifier, or inside a comment, does not end a statement. The
 * statements themselves are parsed by the engine, not here.
 */
final class StatementSplitter {
  private StatementSplitter() {}

  /**
   * @param script one or more statements
   * @return the statements, trimmed, without their final semicolons; blank ones dropped
   */
  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean content = false;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      int end = skip(script, i);
      if (end < 0) {
        end = n; // an unclosed quote or comment runs to the end; the engine reports it
      }
      if (end > i) {
        // a quoted string or identifier counts as content; a comment does not
        content |= c == '\'' || c == '"' || c == '`';
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        if (content) {
          statements.add(current.toString().strip());
        }
        current.setLength(0);
        content = false;
        i++;
      } else {
        content |= !Character.isWhitespace(c);
        current.append(c);
        i++;
      }
    }
    if (content) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /**
   * @param script a script
   * @return whether it ends inside a statement: content after the last semicolon, or an open quote
   *     or block comment
   */
  static boolean isIncomplete(String script) {
    boolean pending = false;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      int end = skip(script, i);
      if (end < 0) {
        return true;
      }
      if (end > i) {
        pending |= c == '\'' || c == '"' || c == '`';
        i = end;
      } else {
        if (c == ';') {
          pending = false;
        } else if (!Character.isWhitespace(c)) {
          pending = true;
        }
        i++;
      }
    }
    return pending;
  }

  /**
   * If a quoted string, quoted identifier or comment starts at {@code i}, returns the index just
   * past it (or -1 when it never closes); otherwise returns {@code i}.
   */
  private static int skip(String script, int i) {
    int n = script.length();
    char c = script.charAt(i);
    if (c == '\'' || c == '"' || c == '`') {
      int j = i + 1;
      while (j < n) {
        if (script.charAt(j) == c) {
          if (j + 1 < n && script.charAt(j + 1) == c) {
            j += 2; // a doubled quote is an escaped quote
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return -1;
    }
    if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
      int end = script.indexOf('\n', i);
      return end < 0 ? n : end;
    }
    if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
      int end = script.indexOf("*/", i + 2);
      return end < 0 ? -1 : end + 2;
    }
    return i;
  }
}
