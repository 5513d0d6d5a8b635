package io.sluice.wasidata.internal;

import java.util.Locale;

/**
 * One token of a descriptor line: a word (letters, digits and {@code _ . $ -}), one of the
 * punctuation marks {@code ( ) ,}, or the end of the line; with its 1-based column.
 *
 * @param type what kind of token
 * @param text the word or punctuation as written; empty at the end of the line
 * @param column where it starts, from 1
 */
record DescriptorToken(Type type, String text, int column) {

  /** Token kinds. */
  enum Type {
    WORD,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  /**
   * @param keyword an upper-case keyword
   * @return whether this is that keyword, in any case
   */
  boolean is(String keyword) {
    return type == Type.WORD && text.toUpperCase(Locale.ROOT).equals(keyword);
  }

  /**
   * @return the token as an error message shows it
   */
  String describe() {
    return type == Type.END ? "end of line" : "'" + text + "'";
  }
}
