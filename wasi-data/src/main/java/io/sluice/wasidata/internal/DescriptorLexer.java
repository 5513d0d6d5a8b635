package io.sluice.wasidata.internal;

import io.sluice.wasidata.DescriptorSyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Splits one descriptor line into {@link DescriptorToken}s; blanks separate words. */
final class DescriptorLexer {
  private DescriptorLexer() {}

  /**
   * @param line the line's text, without its line feed
   * @param lineNumber the line's number, for errors
   * @return the tokens, ending with one END token
   * @throws DescriptorSyntaxException at a character the grammar does not allow
   */
  static List<DescriptorToken> tokenize(String line, int lineNumber) {
    List<DescriptorToken> tokens = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        DescriptorToken.Type type =
            c == '('
                ? DescriptorToken.Type.OPEN
                : c == ')' ? DescriptorToken.Type.CLOSE : DescriptorToken.Type.COMMA;
        tokens.add(new DescriptorToken(type, String.valueOf(c), i + 1));
        i++;
      } else if (isWordChar(c)) {
        int start = i;
        while (i < line.length() && isWordChar(line.charAt(i))) {
          i++;
        }
        tokens.add(
            new DescriptorToken(DescriptorToken.Type.WORD, line.substring(start, i), start + 1));
      } else {
        throw new DescriptorSyntaxException(
            lineNumber,
            i + 1,
            "unexpected character '"
                + new String(Character.toChars(line.codePointAt(i)))
                + "'; descriptors use letters, digits, _ . $ - ( ) , and blanks");
      }
    }
    tokens.add(new DescriptorToken(DescriptorToken.Type.END, "", line.length() + 1));
    return tokens;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '$'
        || c == '-';
  }
}
