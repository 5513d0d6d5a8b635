package io.sluice.sql.ddl;

import io.sluice.udf.UdfLimits;
import io.sluice.udf.WasiGrant;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.util.Pair;

/**
 * The {@code WITH (...)} options of {@code CREATE FUNCTION}: the sandbox limits of each call.
 *
 * <ul>
 *   <li>{@code memory_limit}: linear memory cap, e.g. {@code '64MB'} (default 16 MiB);
 *   <li>{@code timeout}: wall-clock limit of one call, e.g. {@code '2s'}, {@code '500ms'} (default
 *       5 s);
 *   <li>{@code max_output}: most bytes one call may return (default 64 MiB);
 *   <li>{@code max_output_rows}: most rows one table-function call may return;
 *   <li>{@code grants}: WASI capabilities, {@code 'clock'}, {@code 'random'} or {@code
 *       'clock,random'} (default none).
 * </ul>
 *
 * Sizes take B, KB, MB, GB (powers of 1024; KiB, MiB, GiB also accepted) or a plain byte count.
 */
final class FunctionOptions {
  private final UdfLimits limits;

  private FunctionOptions(UdfLimits limits) {
    this.limits = limits;
  }

  UdfLimits limits() {
    return limits;
  }

  static FunctionOptions parse(SqlNodeList list) {
    UdfLimits.Builder limits = UdfLimits.defaults().toBuilder();
    Map<String, Pair<String, SqlNode>> options;
    try {
      options = SqlOptions.toMap(list);
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(list, e.getMessage());
    }
    for (Map.Entry<String, Pair<String, SqlNode>> option : options.entrySet()) {
      String value = option.getValue().left.strip();
      SqlNode where = option.getValue().right;
      try {
        switch (option.getKey()) {
          case "memory_limit":
            limits.memoryBytes(bytes(value));
            break;
          case "timeout":
            limits.callTimeout(duration(value));
            break;
          case "max_output":
            limits.maxOutputBytes(bytes(value));
            break;
          case "max_output_rows":
            limits.maxOutputRows(Long.parseLong(value));
            break;
          case "grants":
            for (String grant : value.split(",")) {
              if (!grant.isBlank()) {
                limits.grant(WasiGrant.valueOf(grant.strip().toUpperCase(Locale.ROOT)));
              }
            }
            break;
          default:
            throw SqlErrors.at(
                where,
                "unknown function option "
                    + option.getKey()
                    + "; known options: memory_limit, timeout, max_output, max_output_rows, grants");
        }
      } catch (IllegalArgumentException e) {
        throw SqlErrors.at(
            where,
            "option " + option.getKey() + " = '" + value + "' is invalid: " + e.getMessage());
      }
    }
    try {
      return new FunctionOptions(limits.build());
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(list, e.getMessage());
    }
  }

  /**
   * @param text e.g. {@code 64MB}, {@code 16 MiB}, {@code 1048576}
   * @return the bytes
   */
  static long bytes(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String number = t;
    String[][] units = {
      {"GIB", "1073741824"},
      {"MIB", "1048576"},
      {"KIB", "1024"},
      {"GB", "1073741824"},
      {"MB", "1048576"},
      {"KB", "1024"},
      {"B", "1"}
    };
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        number = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    try {
      long value = Long.parseLong(number);
      if (value <= 0) {
        throw new IllegalArgumentException("a size must be positive");
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("expected a size such as '64MB'");
    }
  }

  /**
   * @param text e.g. {@code 2s}, {@code 500ms}, {@code 1m}, or milliseconds
   * @return the duration
   */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      } else {
        d = Duration.ofMillis(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a timeout must be positive");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a duration such as '2s' or '500ms'");
    }
  }
}
