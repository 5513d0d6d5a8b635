package io.sluice.sql.ddl;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Where a wasm module comes from: {@code FROM 'path or file: URL'} or {@code FROM BASE64 '...'}.
 */
public final class SqlWasmSource {
  /** Where the clause is. */
  public final SqlParserPos pos;

  /** Whether the text is the module itself, base64-encoded, rather than its location. */
  public final boolean base64;

  /** The string literal: a location, or base64 text. */
  public final SqlNode text;

  /**
   * @param pos where the clause is
   * @param base64 whether {@code BASE64} was given
   * @param text the string literal that follows
   */
  public SqlWasmSource(SqlParserPos pos, boolean base64, SqlNode text) {
    this.pos = pos;
    this.base64 = base64;
    this.text = text;
  }

  /**
   * @return the literal's text: a location, or base64 when {@link #base64}
   */
  public String value() {
    return ((SqlLiteral) text).getValueAs(String.class);
  }

  void unparse(SqlWriter writer) {
    writer.keyword("FROM");
    if (base64) {
      writer.keyword("BASE64");
    }
    text.unparse(writer, 0, 0);
  }
}
