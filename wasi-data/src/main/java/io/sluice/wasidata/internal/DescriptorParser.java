package io.sluice.wasidata.internal;

import io.sluice.wasidata.AbiV1;
import io.sluice.wasidata.DescriptorSyntaxException;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.FunctionDescriptor.Abi;
import io.sluice.wasidata.FunctionDescriptor.Kind;
import io.sluice.wasidata.FunctionDescriptor.Nulls;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recursive-descent parser for the {@code sluice_v1.functions} grammar (ABI.md section 2), one
 * instance per line. Each method parses one rule of the grammar and is named after it; errors name
 * the line, the column and what the rule expected there.
 */
public final class DescriptorParser {
  private static final String TYPES =
      "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY,"
          + " DATE, TIME, TIMESTAMP or TIMESTAMP WITH TIME ZONE";
  private static final String CLAUSES =
      "a clause (ABI, EXPORT, NULLS, DETERMINISTIC or NONDETERMINISTIC) or the end of the line";

  private final List<DescriptorToken> tokens;
  private final int line;
  private int pos;

  private DescriptorParser(String text, int line) {
    this.line = line;
    this.tokens = DescriptorLexer.tokenize(text, line);
  }

  /**
   * Parses a whole section: one descriptor per line, blank lines and {@code #} comments skipped.
   *
   * @param text the section's UTF-8 text, decoded
   * @return the descriptors, in order
   * @throws DescriptorSyntaxException at the first line that does not parse, or at a function name
   *     given twice (names compare case-insensitively, as in SQL)
   */
  public static List<FunctionDescriptor> parse(String text) {
    List<FunctionDescriptor> functions = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String stripped = lines[i].strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      DescriptorParser parser = new DescriptorParser(lines[i], i + 1);
      FunctionDescriptor f = parser.descriptor();
      Integer previous = firstLine.putIfAbsent(f.name().toLowerCase(Locale.ROOT), i + 1);
      if (previous != null) {
        throw parser.error(
            parser.tokens.get(1),
            "function " + f.name() + " is already described on line " + previous);
      }
      functions.add(f);
    }
    return functions;
  }

  /** {@code line = kind SP name "(" [arg *("," arg)] ")" SP "RETURNS" SP result *(SP clause)}. */
  private FunctionDescriptor descriptor() {
    Kind kind = kind();
    DescriptorToken nameToken = peek();
    FunctionDescriptor.Builder b = FunctionDescriptor.builder(kind, name("a function name"));
    expect(DescriptorToken.Type.OPEN, "'(' after the function name");
    List<TypeAt> rowTypes = new ArrayList<>();
    if (peek().type() != DescriptorToken.Type.CLOSE) {
      Map<String, DescriptorToken> argumentNames = new HashMap<>();
      do {
        DescriptorToken start = peek();
        if (rowTypes.size() == AbiV1.MAX_ARGS) {
          throw error(start, "too many arguments: at most " + AbiV1.MAX_ARGS + " are allowed");
        }
        Argument a = argument();
        if (a.name != null) {
          DescriptorToken first = argumentNames.putIfAbsent(a.name.toLowerCase(Locale.ROOT), start);
          if (first != null) {
            throw error(start, "argument " + a.name + " appears twice");
          }
        }
        b.argument(a.name, a.type.type);
        rowTypes.add(a.type);
      } while (accept(DescriptorToken.Type.COMMA));
    }
    expect(DescriptorToken.Type.CLOSE, "',' or ')' after argument " + Math.max(1, rowTypes.size()));
    keyword("RETURNS");
    result(kind, b, rowTypes);
    clauses(kind, b, rowTypes);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw error(nameToken, e.getMessage());
    }
  }

  /** {@code kind = "SCALAR" / "TABLE" / "AGGREGATE"}. */
  private Kind kind() {
    DescriptorToken t = next();
    for (Kind k : Kind.values()) {
      if (t.is(k.name())) {
        return k;
      }
    }
    throw error(t, "expected SCALAR, TABLE or AGGREGATE, found " + t.describe());
  }

  /** {@code arg = [name SP] type}: a bare type when one is followed by ',' or ')'. */
  private Argument argument() {
    int start = pos;
    DescriptorSyntaxException asType = null;
    try {
      TypeAt type = type();
      DescriptorToken.Type after = peek().type();
      if (after == DescriptorToken.Type.COMMA || after == DescriptorToken.Type.CLOSE) {
        return new Argument(null, type);
      }
    } catch (DescriptorSyntaxException e) {
      asType = e;
    }
    pos = start;
    try {
      String name = name("an argument name or a SQL type");
      return new Argument(name, type());
    } catch (DescriptorSyntaxException asNamed) {
      // Report whichever reading got further into the line: that is what the writer meant.
      throw asType != null && asType.column() > asNamed.column() ? asType : asNamed;
    }
  }

  /** {@code result = type / "TABLE" "(" column *("," column) ")"}. */
  private void result(Kind kind, FunctionDescriptor.Builder b, List<TypeAt> rowTypes) {
    DescriptorToken t = peek();
    if (t.is("TABLE") && tokens.get(pos + 1).type() == DescriptorToken.Type.OPEN) {
      if (kind != Kind.TABLE) {
        throw error(t, "only a TABLE function returns TABLE(...); a " + kind + " returns one type");
      }
      next();
      next();
      Map<String, DescriptorToken> names = new HashMap<>();
      int count = 0;
      do {
        DescriptorToken start = peek();
        if (++count > AbiV1.MAX_ARGS) {
          throw error(start, "too many columns: at most " + AbiV1.MAX_ARGS + " are allowed");
        }
        String name = name("a column name");
        if (names.putIfAbsent(name.toLowerCase(Locale.ROOT), start) != null) {
          throw error(start, "column " + name + " appears twice");
        }
        b.column(name, type().type);
      } while (accept(DescriptorToken.Type.COMMA));
      expect(DescriptorToken.Type.CLOSE, "',' or ')' after column " + count);
      return;
    }
    if (kind == Kind.TABLE) {
      throw error(t, "expected TABLE(column TYPE, ...) after RETURNS, found " + t.describe());
    }
    TypeAt type = type();
    b.returns(type.type);
    rowTypes.add(type);
  }

  /** {@code *(SP clause)}, each clause at most once. */
  private void clauses(Kind kind, FunctionDescriptor.Builder b, List<TypeAt> rowTypes) {
    Map<String, DescriptorToken> seen = new HashMap<>();
    while (peek().type() != DescriptorToken.Type.END) {
      DescriptorToken t = next();
      String clause = t.text().toUpperCase(Locale.ROOT);
      String group = clause.equals("NONDETERMINISTIC") ? "DETERMINISTIC" : clause;
      DescriptorToken first = seen.get(group);
      if (first != null) {
        throw error(t, group + " is given twice (first at column " + first.column() + ")");
      }
      switch (clause) {
        case "ABI":
          DescriptorToken value = next();
          if (value.is("ROW")) {
            if (kind != Kind.SCALAR) {
              throw error(value, "ABI ROW is only for SCALAR functions; a " + kind + " uses BATCH");
            }
            for (TypeAt type : rowTypes) {
              if (!type.type.isRowCompatible()) {
                throw error(
                    type.token,
                    type.type
                        + " cannot cross ABI ROW: a row-ABI DECIMAL has at most "
                        + SqlType.MAX_ROW_DECIMAL_PRECISION
                        + " digits");
              }
            }
            b.abi(Abi.ROW);
          } else if (value.is("BATCH")) {
            b.abi(Abi.BATCH);
          } else {
            throw error(value, "expected ROW or BATCH after ABI, found " + value.describe());
          }
          break;
        case "EXPORT":
          DescriptorToken symbol = next();
          if (symbol.type() != DescriptorToken.Type.WORD) {
            throw error(
                symbol, "expected an export symbol after EXPORT, found " + symbol.describe());
          }
          b.exportName(symbol.text());
          break;
        case "NULLS":
          DescriptorToken nulls = next();
          if (nulls.is("STRICT") || nulls.is("CALLED")) {
            b.nulls(Nulls.valueOf(nulls.text().toUpperCase(Locale.ROOT)));
          } else {
            throw error(nulls, "expected STRICT or CALLED after NULLS, found " + nulls.describe());
          }
          break;
        case "DETERMINISTIC":
        case "NONDETERMINISTIC":
          b.deterministic(clause.equals("DETERMINISTIC"));
          break;
        default:
          throw error(t, "expected " + CLAUSES + ", found " + t.describe());
      }
      seen.put(group, t);
    }
  }

  /** {@code type}, including DECIMAL(p,s) and TIMESTAMP WITH TIME ZONE. */
  private TypeAt type() {
    DescriptorToken t = next();
    String word = t.type() == DescriptorToken.Type.WORD ? t.text().toUpperCase(Locale.ROOT) : "";
    switch (word) {
      case "BOOLEAN":
        return new TypeAt(SqlType.BOOLEAN, t);
      case "TINYINT":
        return new TypeAt(SqlType.TINYINT, t);
      case "SMALLINT":
        return new TypeAt(SqlType.SMALLINT, t);
      case "INT":
      case "INTEGER":
        return new TypeAt(SqlType.INT, t);
      case "BIGINT":
        return new TypeAt(SqlType.BIGINT, t);
      case "FLOAT":
      case "REAL":
        return new TypeAt(SqlType.FLOAT, t);
      case "DOUBLE":
        return new TypeAt(SqlType.DOUBLE, t);
      case "VARCHAR":
        return new TypeAt(SqlType.VARCHAR, t);
      case "VARBINARY":
        return new TypeAt(SqlType.VARBINARY, t);
      case "DATE":
        return new TypeAt(SqlType.DATE, t);
      case "TIME":
        return new TypeAt(SqlType.TIME, t);
      case "TIMESTAMP":
        if (accept("WITH")) {
          keyword("TIME");
          keyword("ZONE");
          return new TypeAt(SqlType.TIMESTAMP_TZ, t);
        }
        return new TypeAt(SqlType.TIMESTAMP, t);
      case "DECIMAL":
        return new TypeAt(decimal(), t);
      default:
        throw error(t, "expected a SQL type (" + TYPES + "), found " + t.describe());
    }
  }

  /** The {@code "(" digits "," digits ")"} after DECIMAL, range-checked. */
  private SqlType decimal() {
    expect(DescriptorToken.Type.OPEN, "'(' after DECIMAL");
    DescriptorToken p = next();
    int precision = digits(p, "the precision");
    if (precision < 1 || precision > SqlType.MAX_DECIMAL_PRECISION) {
      throw error(
          p,
          "DECIMAL precision must be 1 to " + SqlType.MAX_DECIMAL_PRECISION + ", not " + precision);
    }
    expect(DescriptorToken.Type.COMMA, "',' after the DECIMAL precision");
    DescriptorToken s = next();
    int scale = digits(s, "the scale");
    if (scale > precision) {
      throw error(s, "DECIMAL scale must be 0 to the precision " + precision + ", not " + scale);
    }
    expect(DescriptorToken.Type.CLOSE, "')' after the DECIMAL scale");
    return SqlType.decimal(precision, scale);
  }

  private int digits(DescriptorToken t, String what) {
    String text = t.text();
    boolean valid = t.type() == DescriptorToken.Type.WORD && text.length() <= 3;
    for (int i = 0; valid && i < text.length(); i++) {
      valid = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (!valid) {
      throw error(t, "expected digits for " + what + " of DECIMAL, found " + t.describe());
    }
    return Integer.parseInt(text);
  }

  /** {@code name = (ALPHA / "_") *(ALPHA / DIGIT / "_")}. */
  private String name(String what) {
    DescriptorToken t = next();
    String text = t.text();
    boolean valid = t.type() == DescriptorToken.Type.WORD && !Character.isDigit(text.charAt(0));
    for (int i = 0; valid && i < text.length(); i++) {
      char c = text.charAt(i);
      valid = Character.isLetterOrDigit(c) || c == '_';
    }
    if (!valid) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    return text;
  }

  private void keyword(String keyword) {
    DescriptorToken t = next();
    if (!t.is(keyword)) {
      throw error(t, "expected " + keyword + ", found " + t.describe());
    }
  }

  private boolean accept(String keyword) {
    if (peek().is(keyword)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean accept(DescriptorToken.Type type) {
    if (peek().type() == type) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(DescriptorToken.Type type, String what) {
    DescriptorToken t = next();
    if (t.type() != type) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
  }

  private DescriptorToken peek() {
    return tokens.get(pos);
  }

  /** The next token; at the end of the line the END token again and again. */
  private DescriptorToken next() {
    DescriptorToken t = tokens.get(pos);
    if (t.type() != DescriptorToken.Type.END) {
      pos++;
    }
    return t;
  }

  private DescriptorSyntaxException error(DescriptorToken at, String problem) {
    return new DescriptorSyntaxException(line, at.column(), problem);
  }

  /** A parsed type and the token it starts at, for errors found later (ABI ROW). */
  private record TypeAt(SqlType type, DescriptorToken token) {}

  /** A parsed argument; {@code name} is null when the descriptor gives none. */
  private record Argument(String name, TypeAt type) {}
}
