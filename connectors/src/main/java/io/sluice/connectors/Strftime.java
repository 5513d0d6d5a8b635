package io.sluice.connectors;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Turns the strftime patterns users know from DuckDB, PostgreSQL and Python ({@code %Y-%m-%d
 * %H:%M:%S}) into Java formatters, strictly: an unknown directive is refused with the list of known
 * ones.
 */
final class Strftime {
  private Strftime() {}

  static final String KNOWN =
      "%Y %y %m %d %e %H %I %M %S %f (microseconds) %g (milliseconds) %n (nanoseconds) %p %b %B"
          + " %a %A %j %z %Z %T %F %%";

  /**
   * @param option the option's name, for errors
   * @param pattern the strftime pattern
   * @return a formatter that parses and prints it (case-insensitive, English names)
   */
  static DateTimeFormatter formatter(String option, String pattern) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%') {
        literal.append(c);
        continue;
      }
      if (i + 1 >= pattern.length()) {
        throw new ConnectorException(
            "file option " + option + " = '" + pattern + "' ends with a lone %");
      }
      char directive = pattern.charAt(++i);
      if (directive == '%') {
        literal.append('%');
        continue;
      }
      if (literal.length() > 0) {
        builder.appendLiteral(literal.toString());
        literal.setLength(0);
      }
      switch (directive) {
        case 'Y' -> builder.appendValue(ChronoField.YEAR, 4, 9, java.time.format.SignStyle.NORMAL);
        case 'y' -> builder.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
        case 'm' -> builder.appendValue(ChronoField.MONTH_OF_YEAR, 2);
        case 'd' -> builder.appendValue(ChronoField.DAY_OF_MONTH, 2);
        case 'e' -> builder.appendValue(ChronoField.DAY_OF_MONTH);
        case 'H' -> builder.appendValue(ChronoField.HOUR_OF_DAY, 2);
        case 'I' -> builder.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2);
        case 'M' -> builder.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
        case 'S' -> builder.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
        case 'f' -> builder.appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, false);
        case 'g' -> builder.appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, false);
        case 'n' -> builder.appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, false);
        case 'p' -> builder.appendText(ChronoField.AMPM_OF_DAY);
        case 'b' -> builder.appendPattern("MMM");
        case 'B' -> builder.appendPattern("MMMM");
        case 'a' -> builder.appendPattern("EEE");
        case 'A' -> builder.appendPattern("EEEE");
        case 'j' -> builder.appendValue(ChronoField.DAY_OF_YEAR, 3);
        case 'z' -> builder.appendOffset("+HHMM", "+0000");
        case 'Z' -> builder.appendZoneOrOffsetId();
        case 'T' -> builder.appendPattern("HH:mm:ss");
        case 'F' -> builder.appendPattern("uuuu-MM-dd");
        default ->
            throw new ConnectorException(
                "file option "
                    + option
                    + " = '"
                    + pattern
                    + "' has the unknown directive %"
                    + directive
                    + "; the known ones are "
                    + KNOWN);
      }
    }
    if (literal.length() > 0) {
      builder.appendLiteral(literal.toString());
    }
    return builder.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
  }
}
