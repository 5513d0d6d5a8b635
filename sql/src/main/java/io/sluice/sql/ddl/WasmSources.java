package io.sluice.sql.ddl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads the module of {@code CREATE FUNCTION ... USING WASM FROM ...}: a path (relative ones
 * against the connection's module directory), a {@code file:} URL, or {@code BASE64 '...'}.
 */
final class WasmSources {
  /** Largest module accepted. */
  static final long MAX_MODULE_BYTES = 64L * 1024 * 1024;

  private WasmSources() {}

  /**
   * A module's bytes and a description of where they came from.
   *
   * @param bytes the module
   * @param description the absolute path, or {@code BASE64}
   */
  record Module(byte[] bytes, String description) {}

  static Module read(SqlWasmSource source, Path moduleDirectory) {
    String text = source.value();
    if (source.base64) {
      try {
        if (text.length() / 4L * 3 > MAX_MODULE_BYTES + 3) {
          throw SqlErrors.at(
              source.text,
              "the BASE64 module has about "
                  + text.length() / 4L * 3
                  + " bytes; at most "
                  + MAX_MODULE_BYTES
                  + " are accepted");
        }
        byte[] bytes = Base64.getMimeDecoder().decode(text.strip());
        if (bytes.length == 0) {
          throw SqlErrors.at(source.text, "the BASE64 module is empty");
        }
        return new Module(bytes, "BASE64");
      } catch (IllegalArgumentException e) {
        throw SqlErrors.at(source.text, "the module is not valid base64: " + e.getMessage());
      }
    }
    Path path;
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      try {
        path = Path.of(new URI(text));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw SqlErrors.at(
            source.text, "'" + text + "' is not a valid file: URL: " + e.getMessage());
      }
    } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw SqlErrors.at(
          source.text,
          "modules are read from file paths, file: URLs or BASE64 literals, not from " + text);
    } else {
      path = moduleDirectory.resolve(text);
    }
    path = path.toAbsolutePath().normalize();
    try {
      long size = Files.size(path);
      if (size > MAX_MODULE_BYTES) {
        throw SqlErrors.at(
            source.text,
            "module file "
                + path
                + " has "
                + size
                + " bytes; at most "
                + MAX_MODULE_BYTES
                + " are accepted");
      }
      return new Module(Files.readAllBytes(path), path.toString());
    } catch (NoSuchFileException e) {
      throw SqlErrors.at(source.text, "module file " + path + " does not exist");
    } catch (IOException e) {
      throw SqlErrors.at(source.text, "cannot read module file " + path + ": " + e.getMessage());
    }
  }
}
