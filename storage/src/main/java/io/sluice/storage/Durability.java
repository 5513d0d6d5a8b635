package io.sluice.storage;

/**
 * When an append is acknowledged relative to the disk; catalog and metadata changes are always
 * {@link #SYNC}.
 *
 * <p>See {@code docs/storage.md} for exactly what a crash can lose under each setting.
 */
public enum Durability {
  /**
   * The write-ahead log is fsynced before an append returns: an acknowledged append survives a
   * process crash and a power loss. The default.
   */
  SYNC,
  /**
   * The write-ahead log is written to the operating system before an append returns, but not
   * fsynced: an acknowledged append survives a process crash (SIGKILL included) but a power loss or
   * kernel crash may lose the appends acknowledged since the last fsync.
   */
  OS_BUFFERED
}
