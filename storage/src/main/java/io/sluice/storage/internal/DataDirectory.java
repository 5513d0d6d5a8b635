package io.sluice.storage.internal;

import io.sluice.storage.CorruptStoreException;
import io.sluice.storage.IncompatibleStoreException;
import io.sluice.storage.NotAStoreException;
import io.sluice.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layout of a data directory: the marker file that says it is a Sluice store and in which
 * format, the lock file, and the RocksDB database directory.
 *
 * <p>Creation order makes an interrupted creation recognisable: lock file, then RocksDB, then the
 * marker, written to a temporary file, fsynced and renamed. A directory without a marker that holds
 * anything but those entries is not ours and is never written to.
 */
public final class DataDirectory {

  /** The marker file's name. */
  public static final String MARKER_FILE = "SLUICE_STORE";

  /** The format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String MARKER_PREFIX = "sluice-store format ";
  private static final String ROCKSDB_DIRECTORY = "rocksdb";
  private static final Set<String> CREATION_ENTRIES =
      Set.of(DirectoryLock.FILE_NAME, ROCKSDB_DIRECTORY, MARKER_FILE + ".tmp");

  private final Path root;
  private final boolean exists;

  private DataDirectory(Path root, boolean exists) {
    this.root = root;
    this.exists = exists;
  }

  /**
   * Checks a directory before anything is written to it.
   *
   * @param directory the data directory
   * @param createIfMissing whether a missing or empty directory may become a store
   * @return the checked directory
   * @throws NotAStoreException if it holds something else, or is missing and may not be created
   * @throws IncompatibleStoreException if it holds a store of another format version
   * @throws CorruptStoreException if its marker file is unreadable
   */
  public static DataDirectory inspect(Path directory, boolean createIfMissing) {
    Path root = directory.toAbsolutePath().normalize();
    try {
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw new NotAStoreException("data directory " + root + " is a file, not a directory");
      }
      Path marker = root.resolve(MARKER_FILE);
      if (Files.exists(marker)) {
        checkMarker(root, marker);
        return new DataDirectory(root, true);
      }
      if (Files.exists(root)) {
        List<String> foreign = foreignEntries(root);
        if (!foreign.isEmpty()) {
          throw new NotAStoreException(
              "data directory "
                  + root
                  + " is not a Sluice store: it has no "
                  + MARKER_FILE
                  + " file and is not empty (it holds "
                  + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                  + (foreign.size() > 5 ? ", ..." : "")
                  + ")");
        }
      }
      if (!createIfMissing) {
        throw new NotAStoreException(
            "data directory " + root + " holds no Sluice store and creation was not asked for");
      }
      Files.createDirectories(root);
      return new DataDirectory(root, false);
    } catch (IOException e) {
      throw new StorageException("cannot inspect data directory " + root + ": " + e, e);
    }
  }

  private static List<String> foreignEntries(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> !CREATION_ENTRIES.contains(name))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static void checkMarker(Path root, Path marker) throws IOException {
    String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
    if (!text.startsWith(MARKER_PREFIX)) {
      throw new CorruptStoreException(
          "data directory " + root + " is corrupt: " + MARKER_FILE + " reads '" + text + "'");
    }
    int version;
    try {
      version = Integer.parseInt(text.substring(MARKER_PREFIX.length()).trim());
    } catch (NumberFormatException e) {
      throw new CorruptStoreException(
          "data directory " + root + " is corrupt: " + MARKER_FILE + " reads '" + text + "'", e);
    }
    if (version != FORMAT_VERSION) {
      throw new IncompatibleStoreException(
          "data directory "
              + root
              + " holds a Sluice store of format version "
              + version
              + "; this build reads format version "
              + FORMAT_VERSION);
    }
  }

  /**
   * @return the directory, absolute and normalized
   */
  public Path root() {
    return root;
  }

  /**
   * @return whether the directory already held a complete store when inspected
   */
  public boolean exists() {
    return exists;
  }

  /**
   * @return where the RocksDB database lives
   */
  public Path rocksDbPath() {
    return root.resolve(ROCKSDB_DIRECTORY);
  }

  /**
   * Writes the marker last, so a store is complete only once RocksDB and its catalog exist.
   *
   * @throws StorageException if the marker cannot be written
   */
  public void markCreated() {
    Path temporary = root.resolve(MARKER_FILE + ".tmp");
    try {
      Files.writeString(temporary, MARKER_PREFIX + FORMAT_VERSION + "\n", StandardCharsets.UTF_8);
      try (var channel =
          java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temporary, root.resolve(MARKER_FILE), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, root.resolve(MARKER_FILE), StandardCopyOption.REPLACE_EXISTING);
      }
      FileSync.directory(root);
    } catch (IOException e) {
      throw new StorageException("cannot mark " + root + " as a Sluice store: " + e, e);
    }
  }
}
