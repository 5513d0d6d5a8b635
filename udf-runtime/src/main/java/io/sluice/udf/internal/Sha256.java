package io.sluice.udf.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 digests of module bytes: the content address of every module the runtime loads. */
public final class Sha256 {

  private Sha256() {}

  /**
   * @param bytes module bytes
   * @return the SHA-256 of the bytes, 32 bytes
   */
  public static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest javadoc).
      throw new AssertionError("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @param digest a digest from {@link #digest(byte[])}
   * @return its 64 lower-case hex digits: the module's name in the registry and on disk
   */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /**
   * The form Chicory's {@code Parser} gives {@code WasmModule.digest()} with its default algorithm:
   * used to check that Chicory's compile cache key names the same bytes we hashed.
   *
   * @param digest a digest from {@link #digest(byte[])}
   * @return {@code "sha-256:" + base64(digest)}
   */
  public static String chicoryKey(byte[] digest) {
    return "sha-256:" + Base64.getEncoder().encodeToString(digest);
  }
}
