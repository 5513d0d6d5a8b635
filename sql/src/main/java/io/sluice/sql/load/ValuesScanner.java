package io.sluice.sql.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * Reads {@code INSERT INTO t [(columns)] VALUES (...), ...} whose values are plain literals and
 * {@code ?} parameters in one pass over the text, without the SQL parser: Calcite's generated
 * parser spends tens of microseconds of lookahead per row of literals, which made a 1,000-row
 * INSERT cost more to parse than to store. ClickHouse reads VALUES the same way, a streaming reader
 * in front of the full parser.
 *
 * <p>The scanner accepts a strict subset of what the parser accepts and reads it the same way:
 * identifiers with the connection's quoting and casing, numbers (signed, decimal, exponent),
 * strings with doubled quotes, {@code NULL}, {@code TRUE}, {@code FALSE}, {@code
 * DATE|TIME|TIMESTAMP '...'}, {@code X'...'} and {@code ?}. Anything else (an expression, a comment
 * inside the list, adjacent string literals, a character set prefix) makes it give up, and the
 * statement takes the parser, whose errors point at positions.
 */
public final class ValuesScanner {
  /** A {@code ?} parameter, numbered from 0 in the order they appear. */
  public record Parameter(int index) {}

  /**
   * An INSERT as scanned.
   *
   * @param table the table's name parts, cased as the parser would
   * @param columns the target column names, or null when the statement names none
   * @param rows per row, per cell: null for NULL, a BigDecimal, the text of a string, boolean or
   *     typed literal, the bytes of a binary literal, or a {@link Parameter}
   */
  public record Insert(List<String> table, List<String> columns, List<Object[]> rows) {}

  private final String sql;
  private final int length;
  private final char quote;
  private final char closeQuote;
  private final Casing unquotedCasing;
  private final Casing quotedCasing;
  private int at;
  private int parameters;

  private ValuesScanner(String sql, char quote, char closeQuote, SqlParser.Config config) {
    this.sql = sql;
    this.length = sql.length();
    this.quote = quote;
    this.closeQuote = closeQuote;
    this.unquotedCasing = config.unquotedCasing();
    this.quotedCasing = config.quotedCasing();
  }

  /** Raised inside the scanner when the text is not in the subset; never escapes it. */
  private static final class NotSimple extends RuntimeException {
    static final NotSimple INSTANCE = new NotSimple();

    private NotSimple() {
      super(null, null, false, false);
    }
  }

  /**
   * @param sql a statement
   * @param config the connection's parser configuration (quoting and casing of identifiers)
   * @return the INSERT, or null when the statement is anything else or needs the parser
   */
  public static Insert scan(String sql, SqlParser.Config config) {
    char open;
    char close;
    Quoting quoting = config.quoting();
    if (quoting == Quoting.DOUBLE_QUOTE) {
      open = '"';
      close = '"';
    } else if (quoting == Quoting.BACK_TICK) {
      open = '`';
      close = '`';
    } else {
      return null;
    }
    try {
      return new ValuesScanner(sql, open, close, config).insert();
    } catch (NotSimple e) {
      return null;
    }
  }

  private Insert insert() {
    keyword("insert");
    keyword("into");
    List<String> table = new ArrayList<>();
    table.add(identifier());
    while (peek() == '.') {
      at++;
      table.add(identifier());
    }
    List<String> columns = null;
    if (peek() == '(') {
      at++;
      columns = new ArrayList<>();
      do {
        columns.add(identifier());
      } while (comma());
      expect(')');
    }
    keyword("values");
    List<Object[]> rows = new ArrayList<>();
    List<Object> cells = new ArrayList<>();
    do {
      expect('(');
      cells.clear();
      do {
        cells.add(cell());
      } while (comma());
      expect(')');
      rows.add(cells.toArray());
    } while (comma());
    skipSpace();
    if (at != length) {
      throw NotSimple.INSTANCE;
    }
    return new Insert(List.copyOf(table), columns == null ? null : List.copyOf(columns), rows);
  }

  private Object cell() {
    char c = peek();
    if (c == '?') {
      at++;
      return new Parameter(parameters++);
    }
    if (c == '\'') {
      return string();
    }
    if (c == '-' || c == '+') {
      at++;
      BigDecimal number = number();
      return c == '-' ? number.negate() : number;
    }
    if (isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c)) {
      int start = at;
      while (at < length && isWordChar(sql.charAt(at))) {
        at++;
      }
      String word = sql.substring(start, at).toLowerCase(Locale.ROOT);
      switch (word) {
        case "null":
          return null;
        case "true":
          return "TRUE";
        case "false":
          return "FALSE";
        case "date":
        case "time":
        case "timestamp":
          if (peek() != '\'') {
            throw NotSimple.INSTANCE;
          }
          return string();
        case "x":
          if (at < length && sql.charAt(at) == '\'') {
            return binary();
          }
          throw NotSimple.INSTANCE;
        default:
          throw NotSimple.INSTANCE;
      }
    }
    throw NotSimple.INSTANCE;
  }

  /** A quoted string at the cursor ({@code ''} is one quote); a second literal after it is not. */
  private String string() {
    at++; // the opening quote
    StringBuilder text = null;
    int start = at;
    while (true) {
      int end = sql.indexOf('\'', at);
      if (end < 0) {
        throw NotSimple.INSTANCE;
      }
      if (end + 1 < length && sql.charAt(end + 1) == '\'') {
        if (text == null) {
          text = new StringBuilder();
        }
        text.append(sql, start, end + 1);
        at = end + 2;
        start = at;
        continue;
      }
      at = end + 1;
      String value =
          text == null ? sql.substring(start, end) : text.append(sql, start, end).toString();
      if (peek() == '\'') {
        throw NotSimple.INSTANCE; // 'a' 'b' concatenates in SQL: the parser's business
      }
      return value;
    }
  }

  private byte[] binary() {
    at++; // the quote
    int end = sql.indexOf('\'', at);
    if (end < 0 || (end - at) % 2 != 0) {
      throw NotSimple.INSTANCE;
    }
    byte[] bytes = new byte[(end - at) / 2];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(sql.charAt(at + 2 * i), 16);
      int low = Character.digit(sql.charAt(at + 2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw NotSimple.INSTANCE;
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    at = end + 1;
    if (peek() == '\'') {
      throw NotSimple.INSTANCE;
    }
    return bytes;
  }

  /** An unsigned number at the cursor: digits, an optional fraction and an optional exponent. */
  private BigDecimal number() {
    skipSpace();
    int start = at;
    int digits = 0;
    while (at < length && isDigit(sql.charAt(at))) {
      at++;
      digits++;
    }
    if (at < length && sql.charAt(at) == '.') {
      at++;
      while (at < length && isDigit(sql.charAt(at))) {
        at++;
        digits++;
      }
    }
    if (digits == 0) {
      throw NotSimple.INSTANCE;
    }
    if (at < length && (sql.charAt(at) == 'e' || sql.charAt(at) == 'E')) {
      at++;
      if (at < length && (sql.charAt(at) == '+' || sql.charAt(at) == '-')) {
        at++;
      }
      int exponent = at;
      while (at < length && isDigit(sql.charAt(at))) {
        at++;
      }
      if (at == exponent) {
        throw NotSimple.INSTANCE;
      }
    }
    if (at < length && (isWordChar(sql.charAt(at)) || sql.charAt(at) == '.')) {
      throw NotSimple.INSTANCE;
    }
    return new BigDecimal(sql.substring(start, at));
  }

  private String identifier() {
    char c = peek();
    if (c == quote) {
      at++;
      StringBuilder name = new StringBuilder();
      while (true) {
        int end = sql.indexOf(closeQuote, at);
        if (end < 0) {
          throw NotSimple.INSTANCE;
        }
        name.append(sql, at, end);
        at = end + 1;
        if (at < length && sql.charAt(at) == closeQuote) {
          name.append(closeQuote);
          at++;
          continue;
        }
        if (name.length() == 0) {
          throw NotSimple.INSTANCE;
        }
        return cased(name.toString(), quotedCasing);
      }
    }
    if (!isAsciiLetter(c) && c != '_') {
      throw NotSimple.INSTANCE;
    }
    int start = at;
    while (at < length && (isWordChar(sql.charAt(at)) || sql.charAt(at) == '$')) {
      at++;
    }
    if (at < length && sql.charAt(at) > 127) {
      throw NotSimple.INSTANCE;
    }
    String name = sql.substring(start, at);
    if (name.equalsIgnoreCase("values")) {
      throw NotSimple.INSTANCE;
    }
    return cased(name, unquotedCasing);
  }

  private static String cased(String name, Casing casing) {
    return switch (casing) {
      case TO_LOWER -> name.toLowerCase(Locale.ROOT);
      case TO_UPPER -> name.toUpperCase(Locale.ROOT);
      case UNCHANGED -> name;
    };
  }

  private void keyword(String word) {
    skipSpace();
    int end = at + word.length();
    if (end > length
        || !sql.regionMatches(true, at, word, 0, word.length())
        || (end < length && isWordChar(sql.charAt(end)))) {
      throw NotSimple.INSTANCE;
    }
    at = end;
  }

  private boolean comma() {
    if (peek() == ',') {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw NotSimple.INSTANCE;
    }
    at++;
  }

  /** The next character that is not white space or a comment, without consuming it; 0 at end. */
  private char peek() {
    skipSpace();
    return at < length ? sql.charAt(at) : 0;
  }

  private void skipSpace() {
    while (at < length) {
      char c = sql.charAt(at);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        at++;
      } else if (c == '-' && sql.startsWith("--", at)) {
        int end = sql.indexOf('\n', at);
        at = end < 0 ? length : end + 1;
      } else if (c == '/' && sql.startsWith("/*", at)) {
        int end = sql.indexOf("*/", at + 2);
        if (end < 0) {
          throw NotSimple.INSTANCE;
        }
        at = end + 2;
      } else {
        return;
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isAsciiLetter(c) || isDigit(c) || c == '_';
  }
}
