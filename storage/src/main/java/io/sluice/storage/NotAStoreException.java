package io.sluice.storage;

/** The directory exists but does not hold a Sluice store, so it is left untouched. */
public class NotAStoreException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the directory and why it is not a store
   */
  public NotAStoreException(String message) {
    super(message);
  }
}
