package io.sluice.storage;

/** A column has an Arrow type that Sluice does not store. */
public class UnsupportedTypeException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param column the column name
   * @param type a description of its type
   */
  public UnsupportedTypeException(String column, String type) {
    super(
        "column '"
            + column
            + "' has unsupported type "
            + type
            + "; supported: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE,"
            + " DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP,"
            + " TIMESTAMP WITH TIME ZONE (see ColumnType)");
  }
}
