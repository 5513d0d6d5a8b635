package io.sluice.connectors;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files a statement may read and write, and how its paths and globs resolve. Embedded and
 * command-line use read and write anywhere the process can, relative paths against a base
 * directory; a server confines every path to configured roots: the canonical path (symbolic links
 * resolved) must lie under a root, and only regular files are read. Errors about a path outside the
 * roots never say whether it exists.
 */
public final class FileAccess {
  private final Path base;
  private final List<Path> roots;

  private FileAccess(Path base, List<Path> roots) {
    this.base = base.toAbsolutePath().normalize();
    this.roots = roots;
  }

  /**
   * @param base where relative paths resolve
   * @return access to any file the process can read or write
   */
  public static FileAccess anywhere(Path base) {
    return new FileAccess(base, null);
  }

  /**
   * @return access to no file at all: every path is refused, saying how to allow some
   */
  public static FileAccess none() {
    return new FileAccess(Path.of("").toAbsolutePath(), List.of());
  }

  /**
   * @param roots the directories files may be read from and written to; relative paths resolve
   *     against the first
   * @return access confined to the roots
   * @throws ConnectorException if a root is not an existing directory
   */
  public static FileAccess confined(List<Path> roots) {
    if (roots.isEmpty()) {
      throw new ConnectorException("a confined file access needs at least one root directory");
    }
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      try {
        Path canonical = root.toRealPath();
        if (!Files.isDirectory(canonical)) {
          throw new ConnectorException("file root " + root + " is not a directory");
        }
        real.add(canonical);
      } catch (IOException e) {
        throw new ConnectorException("file root " + root + " does not exist", e);
      }
    }
    return new FileAccess(real.get(0), List.copyOf(real));
  }

  /**
   * @return whether paths are confined to roots
   */
  public boolean confined() {
    return roots != null;
  }

  /**
   * @return the roots files are confined to, or an empty list if access is not confined
   */
  public List<Path> roots() {
    return roots == null ? List.of() : roots;
  }

  /**
   * @return where relative paths resolve
   */
  public Path base() {
    return base;
  }

  /**
   * Resolves the files a statement reads: one path, or a glob ({@code *}, {@code ?}, {@code [..]},
   * {@code {a,b}}, and {@code **} across directories) matching one or more files, sorted by path.
   *
   * @param pattern a path or glob as the user wrote it
   * @return the files, at least one
   * @throws ConnectorException if the path is missing, a directory, not a regular file, outside the
   *     roots, or the glob matches nothing
   */
  public FileSet resolveInput(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new ConnectorException("a file path is needed, not an empty string");
    }
    int glob = firstGlobCharacter(pattern);
    if (glob < 0) {
      Path file = checkReadable(pattern, lexical(pattern));
      return new FileSet(pattern, List.of(file));
    }
    // Walk from the deepest directory before the first glob character.
    int slash = pattern.lastIndexOf('/', glob);
    String directoryPart = slash < 0 ? "" : pattern.substring(0, slash + 1);
    Path directory = lexical(directoryPart.isEmpty() ? "." : directoryPart);
    checkUnderRoots(pattern, directory);
    if (!Files.isDirectory(directory)) {
      throw new ConnectorException(
          "no file matches '" + pattern + "': directory '" + directoryPart + "' does not exist");
    }
    String relativeGlob = pattern.substring(slash + 1);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relativeGlob);
    int depth = relativeGlob.contains("**") ? Integer.MAX_VALUE : relativeGlob.split("/").length;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory, depth)) {
      for (Path candidate : (Iterable<Path>) walk::iterator) {
        Path relative = directory.relativize(candidate);
        if (matcher.matches(relative) && Files.isRegularFile(candidate)) {
          files.add(checkReadable(pattern, candidate));
        }
      }
    } catch (IOException e) {
      throw new ConnectorException("cannot list the files matching '" + pattern + "': " + e, e);
    }
    if (files.isEmpty()) {
      throw new ConnectorException("no file matches '" + pattern + "'");
    }
    files.sort(null);
    return new FileSet(pattern, files);
  }

  /**
   * Resolves the file a statement writes. Its directory must exist; an existing file there is
   * replaced when the write succeeds.
   *
   * @param path the path as the user wrote it
   * @return the absolute path to write
   * @throws ConnectorException if the path is a directory, its directory is missing, or it lies
   *     outside the roots
   */
  public Path resolveOutput(String path) {
    if (path == null || path.isBlank()) {
      throw new ConnectorException("a file path to write is needed, not an empty string");
    }
    if (firstGlobCharacter(path) >= 0) {
      throw new ConnectorException("'" + path + "' is a pattern; name one file to write");
    }
    Path target = lexical(path);
    checkUnderRoots(path, target);
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new ConnectorException("cannot write '" + path + "': its directory does not exist");
    }
    if (roots != null) {
      try {
        // The directory's real path must be under a root too (no symbolic link out of it).
        Path realParent = parent.toRealPath();
        checkUnderRoots(path, realParent);
        target = realParent.resolve(target.getFileName());
        if (Files.isSymbolicLink(target)) {
          throw new ConnectorException(
              "cannot write '" + path + "': it is a symbolic link; name the file itself");
        }
      } catch (IOException e) {
        throw new ConnectorException("cannot write '" + path + "': " + e.getMessage(), e);
      }
    }
    if (Files.isDirectory(target)) {
      throw new ConnectorException("cannot write '" + path + "': it is a directory");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target)) {
      throw new ConnectorException("cannot write '" + path + "': it is not a regular file");
    }
    return target;
  }

  private Path lexical(String path) {
    return base.resolve(path).normalize();
  }

  private void checkUnderRoots(String written, Path path) {
    if (roots == null) {
      return;
    }
    if (roots.isEmpty()) {
      throw new ConnectorException(
          "this server reads and writes no files: its config sets no files.roots (the"
              + " directories COPY and read_* may use); send rows through bulk ingest or"
              + " POST /v1/tables/{name}/rows instead, or ask its operator for a root");
    }
    for (Path root : roots) {
      if (path.startsWith(root)) {
        return;
      }
    }
    throw outside(written);
  }

  private ConnectorException outside(String written) {
    return new ConnectorException(
        "'"
            + written
            + "' is outside the directories this server reads and writes files in"
            + " (files.roots); use a path under "
            + roots);
  }

  /** Checks a named input file and returns its path to read (its real path when confined). */
  private Path checkReadable(String written, Path file) {
    checkUnderRoots(written, file);
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ConnectorException("file '" + written + "' does not exist");
    } catch (IOException e) {
      throw new ConnectorException("cannot read '" + written + "': " + e.getMessage(), e);
    }
    if (roots != null) {
      boolean under = false;
      for (Path root : roots) {
        under |= real.startsWith(root);
      }
      if (!under) {
        // A symbolic link out of the roots: say so without naming where it points.
        throw new ConnectorException(
            "'" + written + "' is a symbolic link to a file outside the allowed directories");
      }
    }
    if (Files.isDirectory(real)) {
      throw new ConnectorException(
          "'"
              + written
              + "' is a directory; name files in it, e.g. '"
              + (written.endsWith("/") ? written : written + "/")
              + "*.parquet'");
    }
    if (!Files.isRegularFile(real)) {
      throw new ConnectorException(
          "'" + written + "' is not a regular file (a device, pipe or socket cannot be read)");
    }
    if (!Files.isReadable(real)) {
      throw new ConnectorException("cannot read '" + written + "': permission denied");
    }
    return roots != null ? real : file;
  }

  private static int firstGlobCharacter(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }
}
