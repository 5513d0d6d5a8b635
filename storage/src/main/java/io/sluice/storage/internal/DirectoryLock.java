package io.sluice.storage.internal;

import io.sluice.storage.StorageException;
import io.sluice.storage.StoreInUseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An exclusive OS file lock on a data directory's lock file, which also records the holder's pid.
 *
 * <p>Locks held by this JVM are also kept in a set, by real path: on Linux, closing any channel of
 * a file drops every POSIX lock the process holds on it, so a second store in the same JVM must be
 * refused before it even opens the file, also when it names the directory through a symbolic link.
 */
public final class DirectoryLock implements AutoCloseable {

  /** The lock file's name inside the data directory. */
  public static final String FILE_NAME = "sluice.lock";

  /** Real paths (symbolic links resolved) of the directories this JVM has locked. */
  private static final Set<Path> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  /**
   * Channels that must never be closed: opened on a file this JVM already holds locked, closing
   * them would drop that lock. Kept reachable so no cleaner closes them either.
   */
  private static final List<FileChannel> PARKED = new CopyOnWriteArrayList<>();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param directory the data directory, absolute and normalized; it must exist
   * @return the held lock
   * @throws StoreInUseException if another store holds the directory, under this path or another (a
   *     symbolic link) that leads to the same directory
   */
  public static DirectoryLock acquire(Path directory) {
    long self = ProcessHandle.current().pid();
    Path real;
    try {
      // The same directory reached through a symbolic link must be the same entry of the set.
      real = directory.toRealPath();
    } catch (IOException e) {
      throw new StorageException("cannot lock data directory " + directory + ": " + e, e);
    }
    if (!HELD_BY_THIS_PROCESS.add(real)) {
      throw new StoreInUseException(directory, self);
    }
    Path file = real.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // This JVM holds the file locked through a path the set did not recognise (a bind
        // mount, say). Closing this channel would release that lock on Linux, so it stays open.
        PARKED.add(channel);
        channel = null;
        throw new StoreInUseException(directory, self);
      }
      if (lock == null) {
        throw new StoreInUseException(directory, holderPid(file));
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new DirectoryLock(real, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_BY_THIS_PROCESS.remove(real);
      throw new StorageException("cannot lock data directory " + directory + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      HELD_BY_THIS_PROCESS.remove(real);
      throw e;
    }
  }

  /** The holder writes its pid right after locking; retry briefly in case we read before that. */
  private static long holderPid(Path file) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
        Thread.sleep(10);
      } catch (IOException | NumberFormatException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return -1;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The lock, if any, goes with the channel; nothing more to release.
      }
    }
  }

  /** Releases the lock; the file stays, so the next holder just overwrites the pid. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new StorageException("cannot unlock data directory " + directory + ": " + e, e);
    } finally {
      HELD_BY_THIS_PROCESS.remove(directory);
    }
  }
}
