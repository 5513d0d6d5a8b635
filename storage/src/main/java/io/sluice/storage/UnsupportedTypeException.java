package io.sluice.storage;

/** A column has an Arrow type that Sluice does not store; the message names the column. */
public class UnsupportedTypeException extends StorageException {
  private static final long serialVersionUID = 1L;

  private static final String SUPPORTED =
      "; supported: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE,"
          + " DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP,"
          + " TIMESTAMP WITH TIME ZONE (see ColumnType)";

  /**
   * @param column the column name
   * @param type a description of its type
   */
  public UnsupportedTypeException(String column, String type) {
    super("column '" + column + "' has unsupported type " + type + SUPPORTED);
  }

  private UnsupportedTypeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @param table the table the column belongs to
   * @param column the refusal naming the column and its type
   */
  public UnsupportedTypeException(String table, UnsupportedTypeException column) {
    this("table '" + table + "': " + column.getMessage(), (Throwable) column);
  }
}
