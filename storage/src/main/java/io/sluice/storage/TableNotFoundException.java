package io.sluice.storage;

/** No table of that name exists (or it was dropped). */
public class TableNotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param table the table name
   * @param detail why, e.g. "does not exist" or "was dropped"
   */
  public TableNotFoundException(String table, String detail) {
    super("table '" + table + "' " + detail);
  }
}
