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
  private static final int BYTES = 16;

  private Handles() {}

  /**
   * @return a new handle
   */
  static ByteString next() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  /**
   * @param statement a prepared statement's handle
   * @param execution the handle of one execution of it
   * @return what a prepared query's ticket carries: both handles, one after the other
   */
  static ByteString execution(ByteString statement, ByteString execution) {
    return statement.concat(execution);
  }

  /**
   * @param ticketHandle the handle of a prepared query's ticket
   * @return the prepared statement's handle in it (the whole handle if it names no execution)
   */
  static ByteString statementOf(ByteString ticketHandle) {
    return ticketHandle.size() == 2 * BYTES ? ticketHandle.substring(0, BYTES) : ticketHandle;
  }

  /**
   * @param ticketHandle the handle of a prepared query's ticket
   * @return the execution it names, or null for a bare statement handle (a client that built the
   *     ticket itself)
   */
  static ByteString executionOf(ByteString ticketHandle) {
    return ticketHandle.size() == 2 * BYTES ? ticketHandle.substring(BYTES) : null;
  }

  /**
   * @param handle a handle from a client
   * @return the key it is registered under
   */
  static String key(ByteString handle) {
    return HexFormat.of().formatHex(handle.toByteArray());
  }
}
