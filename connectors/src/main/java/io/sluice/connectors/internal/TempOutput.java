package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written beside its destination under a hidden temporary name, moved over the destination
 * in one rename when complete, so readers see the old file or the whole new one, never a part.
 */
final class TempOutput {
  private final Path target;
  private final Path temp;

  TempOutput(Path target) {
    this.target = target;
    this.temp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + ".sluice-tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  Path temp() {
    return temp;
  }

  Path target() {
    return target;
  }

  /**
   * @return the size of the completed file
   */
  long commit() {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Files.size(target);
    } catch (IOException e) {
      throw new ConnectorException("cannot move the finished file into place at " + target, e);
    }
  }

  void discard() {
    try {
      if (Files.isDirectory(temp)) {
        try (java.util.stream.Stream<Path> walk = Files.walk(temp)) {
          for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      } else {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a hidden leftover, named as such.
    }
  }
}
