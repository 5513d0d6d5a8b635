package io.sluice.connectors;

/**
 * A value that does not fit its column: text that is not a number, a number out of range, a date
 * that does not exist. Thrown by converters with what was wrong; the reader adds where (file, line
 * or row, column).
 */
public final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong with the value, e.g. {@code 'abc' is not a BIGINT}
   */
  public BadValueException(String message) {
    super(message, null, false, false);
  }
}
