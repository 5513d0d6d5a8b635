package io.sluice.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, written {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in base64), the form the server's config
 * file holds. Checking a password costs as much as hashing it, and compares in constant time.
 *
 * @param iterations PBKDF2 iterations
 * @param salt the random salt
 * @param hash the derived key
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  /** Iterations of new hashes: OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @param password a password
   * @param iterations PBKDF2 iterations
   * @return its hash with a fresh random salt
   */
  public static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /**
   * @param text a hash as {@link #toString()} writes it
   * @return the hash
   * @throws IllegalArgumentException if the text is not such a hash
   */
  public static PasswordHash parse(String text) {
    String[] parts = text.strip().split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "not a password hash (expected " + SCHEME + "$iterations$salt$hash)");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < 1) {
        throw new IllegalArgumentException("a password hash needs at least 1 iteration");
      }
      Base64.Decoder base64 = Base64.getDecoder();
      return new PasswordHash(iterations, base64.decode(parts[2]), base64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed password hash: " + e.getMessage(), e);
    }
  }

  /**
   * @param password a candidate password
   * @return whether it is the hashed one
   */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }
}
