package io.sluice.connectors;

/**
 * Input or output a connector cannot use: a missing file, a path outside the allowed roots, a
 * malformed row, a value that does not fit its column, an option it does not know. The message
 * names the file and, where there is one, the line or row group, the column and the value.
 */
public class ConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong and where
   */
  public ConnectorException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong and where
   * @param cause the underlying failure
   */
  public ConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
