package io.sluice.storage;

/** A batch does not match the schema of the table it is appended to; nothing was written. */
public class SchemaMismatchException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the table, the column and the difference
   */
  public SchemaMismatchException(String message) {
    super(message);
  }
}
