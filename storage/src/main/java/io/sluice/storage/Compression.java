package io.sluice.storage;

/** How the Arrow buffers of a table's column chunks are compressed on disk. */
public enum Compression {
  /** Buffers stored as they are in memory: fastest to read and write. */
  NONE(0),
  /** LZ4 frame format, per buffer. */
  LZ4_FRAME(1),
  /** Zstandard (level 3), per buffer: smaller than LZ4 at some CPU cost. */
  ZSTD(2);

  private final int id;

  Compression(int id) {
    this.id = id;
  }

  /**
   * @return the number stored in chunk and catalog formats; never changes for a constant
   */
  public int id() {
    return id;
  }

  /**
   * @param id a number from {@link #id()}
   * @return the constant with that id
   * @throws IllegalArgumentException if no constant has it
   */
  public static Compression fromId(int id) {
    for (Compression compression : values()) {
      if (compression.id == id) {
        return compression;
      }
    }
    throw new IllegalArgumentException("unknown compression id " + id);
  }
}
