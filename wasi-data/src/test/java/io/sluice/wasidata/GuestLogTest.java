package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestLogTest {

  @Test
  void keepsTheNewestBytes() {
    GuestLog log = new GuestLog(10);
    append(log, "abc");
    assertEquals("abc", log.tail(100));
    append(log, "defghijkl");
    assertEquals("cdefghijkl", log.tail(100));
    assertEquals("jkl", log.tail(3));
    append(log, "0123456789ABCDEF"); // more than fits at once
    assertEquals("6789ABCDEF", log.tail(100));
    assertEquals(28, log.bytesWritten());
    assertEquals(18, log.bytesDropped());
    assertEquals("", log.tail(0));
    log.clear();
    assertEquals("", log.tail(10));
    assertEquals(0, log.bytesDropped());
  }

  @Test
  void aTailNeverStartsInsideACharacter() {
    GuestLog log = new GuestLog(64);
    append(log, "x€y"); // € is 3 bytes
    assertEquals("y", log.tail(2), "cutting into the euro sign drops its remains");
    assertEquals("€y", log.tail(4));
  }

  @Test
  void invalidBytesAreReplaced() {
    GuestLog log = new GuestLog(64);
    log.append(new byte[] {'o', 'k', (byte) 0xff}, 0, 3);
    assertEquals("ok\uFFFD", log.tail(64));
  }

  @Test
  void servesAsAnOutputStreamForWasiStdio() throws IOException {
    GuestLog log = new GuestLog(64);
    try (OutputStream out = log.asOutputStream()) {
      out.write('a');
      out.write("bcd".getBytes(StandardCharsets.UTF_8), 1, 2);
    }
    assertEquals("acd", log.tail(64));
    assertEquals(64, log.capacity());
    assertThrows(IllegalArgumentException.class, () -> new GuestLog(0));
  }

  private static void append(GuestLog log, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    log.append(b, 0, b.length);
  }
}
