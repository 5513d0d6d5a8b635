package io.sluice.storage;

/** Stored bytes are not what this build wrote: the message names the directory, table or key. */
public class CorruptStoreException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names what is corrupt and how
   */
  public CorruptStoreException(String message) {
    super(message);
  }

  /**
   * @param message names what is corrupt and how
   * @param cause the underlying failure
   */
  public CorruptStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
