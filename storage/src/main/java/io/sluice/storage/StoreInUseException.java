package io.sluice.storage;

/** The data directory is held by another open store, in this process or another. */
public class StoreInUseException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final long pid;

  /**
   * @param directory the data directory
   * @param pid the process holding it, or -1 if unknown
   */
  public StoreInUseException(java.nio.file.Path directory, long pid) {
    super(
        "data directory "
            + directory
            + " is in use by "
            + (pid < 0 ? "another process (pid unknown)" : "pid " + pid));
    this.pid = pid;
  }

  /**
   * @return the process holding the directory, or -1 if unknown
   */
  public long pid() {
    return pid;
  }
}
