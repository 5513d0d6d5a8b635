package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PBKDF2 hashes: the known answer, salting, the text form and malformed input. */
class PasswordHashTest {
  @Test
  void derivesTheStandardPbkdf2HmacSha256Key() {
    // RFC 7914 section 11's PBKDF2-HMAC-SHA256 vector: P="passwd", S="salt", c=1, first 32 bytes.
    PasswordHash known =
        new PasswordHash(
            1,
            "salt".getBytes(),
            HexFormat.of()
                .parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
    assertTrue(known.matches("passwd".toCharArray()));
    assertFalse(known.matches("passwe".toCharArray()));
  }

  @Test
  void saltsEveryHashAndRoundTripsItsText() {
    PasswordHash a = PasswordHash.create("same".toCharArray(), 1_000);
    PasswordHash b = PasswordHash.create("same".toCharArray(), 1_000);
    assertNotEquals(a.toString(), b.toString());
    assertTrue(a.toString().startsWith("pbkdf2-sha256$1000$"));
    PasswordHash parsed = PasswordHash.parse(a.toString());
    assertEquals(a.toString(), parsed.toString());
    assertTrue(parsed.matches("same".toCharArray()));
    assertFalse(parsed.matches("Same".toCharArray()));
  }

  @Test
  void refusesWhatIsNotAHash() {
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("secret"));
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("md5$1$a$b"));
    assertThrows(
        IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$0$AA==$AA=="));
    assertThrows(
        IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$10$%%%$AA=="));
  }
}
