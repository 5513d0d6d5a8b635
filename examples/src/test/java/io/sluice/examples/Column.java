package io.sluice.examples;

import java.util.Arrays;
import java.util.List;

/**
 * One Arrow column for {@link TestHost}: an Arrow C Data Interface format (ABI.md section 3), a
 * name and Java values, null for SQL NULL.
 *
 * <p>Values by format: {@code b} Boolean; {@code c} Byte; {@code s} Short; {@code i} and {@code
 * tdD} Integer; {@code l}, {@code ttu}, {@code tsu:} and {@code tsu:UTC} Long; {@code f} Float;
 * {@code g} Double; {@code d:p,s} BigInteger (the unscaled value); {@code u} String, or byte[] to
 * pass bytes that are not UTF-8; {@code z} byte[].
 *
 * @param format the Arrow format
 * @param name the column's name
 * @param values the values
 */
record Column(String format, String name, List<Object> values) {
  static Column of(String format, Object... values) {
    return new Column(format, "arg", Arrays.asList(values));
  }

  static Column of(String format, List<?> values) {
    return new Column(format, "arg", Arrays.asList(values.toArray()));
  }

  int length() {
    return values.size();
  }
}
