package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLogTest {

  private static void append(BoundedLog log, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    log.append(bytes, 0, bytes.length);
  }

  @Test
  void keepsEverythingWhileItFits() {
    BoundedLog log = new BoundedLog(16);
    append(log, "abc");
    append(log, "def");
    assertEquals("abcdef", log.tail());
  }

  @Test
  void keepsTheNewestBytesAndSaysOlderOnesWereDropped() {
    BoundedLog log = new BoundedLog(8);
    append(log, "0123456789");
    append(log, "ab");
    assertEquals("...456789ab", log.tail());
  }

  @Test
  void aCharacterCutInHalfIsSkipped() {
    BoundedLog log = new BoundedLog(8);
    // "é" is two bytes; 9 bytes in total, so the first byte of "é" is dropped.
    append(log, "é1234567");
    assertEquals("...1234567", log.tail());
  }

  @Test
  void clearEmptiesIt() {
    BoundedLog log = new BoundedLog(8);
    append(log, "abc");
    log.clear();
    assertTrue(log.isEmpty());
    assertEquals("", log.tail());
  }
}
