package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiled modules on disk, one file per module hash, so that a restarted process does not compile
 * again.
 *
 * <p>A file holds Chicory's compiled classes (the jar bytes its {@code MachineFactoryCompiler}
 * hands to a {@code Cache}) behind a small header of our own: a magic line, the wasm function
 * indices that run in the interpreter (the jar does not say), and the length and SHA-256 of the jar
 * so that a torn or accidentally damaged file is detected and recompiled rather than loaded. The
 * Chicory version is part of the file name: bytecode compiled by another version is never loaded.
 *
 * <p><b>Not a defence against tampering.</b> The checksum is stored in the same file, so whoever
 * can write the file can write a matching one. And the file is JVM bytecode that this process loads
 * and runs with the engine's full rights, outside the wasm sandbox: the cache directory must be
 * writable by the engine's user only (docs/threat-model.md). It is created owner-only ({@code
 * rwx------}) on file systems with POSIX permissions; an existing directory keeps the permissions
 * it has.
 *
 * <p>Writes go to a temporary file in the same directory, then an atomic rename publishes it, so a
 * reader (in this process or another one) sees either no file or a complete one.
 */
public final class DiskCodeCache {

  private static final byte[] MAGIC =
      "sluice-compiled-wasm 1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path directory;

  /**
   * @param directory where compiled modules are kept; created when missing
   * @throws UncheckedIOException when it cannot be created
   */
  public DiskCodeCache(Path directory) {
    this.directory = directory;
    try {
      if (!Files.isDirectory(directory)) {
        createOwnerOnly(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the compiled wasm cache " + directory, e);
    }
  }

  /** Creates the directory (and missing parents) readable and writable by the owner only. */
  private static void createOwnerOnly(Path directory) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(directory);
      return;
    }
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(ownerOnly));
    // The umask may have removed owner bits; group and other bits were never given.
    Files.setPosixFilePermissions(directory, ownerOnly);
  }

  /** A compiled module read back from disk. */
  public record Entry(byte[] jar, Set<Integer> interpretedFunctions) {}

  /**
   * @return the directory holding the files
   */
  public Path directory() {
    return directory;
  }

  /**
   * @param sha256Hex the module's hash
   * @return the file that holds (or will hold) its compiled code
   */
  public Path fileOf(String sha256Hex) {
    return directory.resolve(sha256Hex + ".chicory-" + Version.version() + ".bin");
  }

  /**
   * Reads a module's compiled code. A damaged file is deleted and reported as absent.
   *
   * @param sha256Hex the module's hash
   * @return the entry, or empty when there is none (or it was damaged)
   * @throws IOException when the file exists but cannot be read
   */
  public Optional<Entry> read(String sha256Hex) throws IOException {
    Path file = fileOf(sha256Hex);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Optional<Entry> entry = decode(bytes);
    if (entry.isEmpty()) {
      // Torn or damaged: recompiling is always safe, loading it never is. (A deliberate rewrite
      // with a matching checksum is not caught here: see the class comment.)
      Files.deleteIfExists(file);
    }
    return entry;
  }

  /**
   * Publishes a module's compiled code, unless a file for it already exists.
   *
   * @param sha256Hex the module's hash
   * @param interpretedFunctions the wasm function indices compiled as interpreter calls
   * @param jar Chicory's compiled classes
   * @throws IOException when the file cannot be written
   */
  public void putIfAbsent(String sha256Hex, Set<Integer> interpretedFunctions, byte[] jar)
      throws IOException {
    Path target = fileOf(sha256Hex);
    if (Files.exists(target)) {
      return;
    }
    Path temp = Files.createTempFile(directory, sha256Hex, ".tmp");
    try {
      Files.write(temp, encode(interpretedFunctions, jar));
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    } catch (FileAlreadyExistsException e) {
      // Another process published the same module first; its file is as good as ours.
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static byte[] encode(Set<Integer> interpretedFunctions, byte[] jar) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(jar.length + 128);
    out.writeBytes(MAGIC);
    StringBuilder header = new StringBuilder("interpreted=");
    String separator = "";
    for (int index : new TreeSet<>(interpretedFunctions)) {
      header.append(separator).append(index);
      separator = ",";
    }
    header
        .append("\nlength=")
        .append(jar.length)
        .append("\nsha256=")
        .append(Sha256.hex(Sha256.digest(jar)))
        .append('\n');
    out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(jar);
    return out.toByteArray();
  }

  static Optional<Entry> decode(byte[] bytes) {
    if (bytes.length < MAGIC.length
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
    String interpreted = line(in, "interpreted=");
    String length = line(in, "length=");
    String sha256 = line(in, "sha256=");
    if (interpreted == null || length == null || sha256 == null) {
      return Optional.empty();
    }
    try {
      int jarLength = Integer.parseInt(length);
      if (jarLength != in.remaining()) {
        return Optional.empty();
      }
      byte[] jar = Arrays.copyOfRange(bytes, in.position(), bytes.length);
      if (!Sha256.hex(Sha256.digest(jar)).equals(sha256)) {
        return Optional.empty();
      }
      Set<Integer> indices = new TreeSet<>();
      for (String index : interpreted.split(",", -1)) {
        if (!index.isEmpty()) {
          indices.add(Integer.parseInt(index));
        }
      }
      return Optional.of(new Entry(jar, Set.copyOf(indices)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Reads one "key=value\n" header line; null when the next line is not that key. */
  private static String line(ByteBuffer in, String key) {
    int start = in.position();
    for (int i = start; i < in.limit() && i - start < 256; i++) {
      if (in.get(i) == '\n') {
        String text = new String(in.array(), start, i - start, StandardCharsets.US_ASCII);
        if (!text.startsWith(key)) {
          return null;
        }
        in.position(i + 1);
        return text.substring(key.length());
      }
    }
    return null;
  }
}
