package io.sluice.storage;

/**
 * A storage operation failed; the message names the table, shard or directory and the operation.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and why
   */
  public StorageException(String message) {
    super(message);
  }

  /**
   * @param message what failed and why
   * @param cause the underlying failure
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
