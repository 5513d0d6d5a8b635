package io.sluice.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Fsync of a directory, so a rename inside it survives a power loss. */
final class FileSync {

  private FileSync() {}

  /**
   * @param directory the directory whose entries to make durable
   * @throws IOException if the directory cannot be opened or synced
   */
  static void directory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories for sync; the rename is still atomic there.
      if (!String.valueOf(e.getMessage()).contains("Is a directory")) {
        throw e;
      }
    }
  }
}
