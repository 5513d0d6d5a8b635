package io.sluice.storage;

/** The directory holds a Sluice store in a format version this build does not read. */
public class IncompatibleStoreException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the directory and both format versions
   */
  public IncompatibleStoreException(String message) {
    super(message);
  }
}
