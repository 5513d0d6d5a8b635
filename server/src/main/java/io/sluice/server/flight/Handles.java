package io.sluice.server.flight;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Opaque handles for queries and prepared statements: 128 random bits, so a handle cannot be
 * guessed from another one (handles are also checked against their owner).
 */
final class Handles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handles() {}

  /**
   * @return a new handle
   */
  static ByteString next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  /**
   * @param handle a handle from a client
   * @return the key it is registered under
   */
  static String key(ByteString handle) {
    return HexFormat.of().formatHex(handle.toByteArray());
  }
}
