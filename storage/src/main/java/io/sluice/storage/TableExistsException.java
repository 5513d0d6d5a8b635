package io.sluice.storage;

/** A table of that name already exists. */
public class TableExistsException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param table the table name
   */
  public TableExistsException(String table) {
    super("table '" + table + "' already exists");
  }
}
