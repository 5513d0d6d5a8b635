package io.sluice.storage.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Names bulk loads: random ids, so loads of several processes over time never share one. */
final class LoadIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private LoadIds() {}

  static String next() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
