package io.sluice.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Bearer tokens: one per user while it is fresh, a cap on all of them. */
class TokensTest {
  private Instant now = Instant.parse("2024-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void signingInAgainReusesTheUsersTokenWhileItIsFresh() {
    Tokens tokens = new Tokens(Duration.ofHours(12), 3, clock);
    String first = tokens.issue("alice");
    now = now.plus(Duration.ofHours(5));
    assertEquals(first, tokens.issue("alice"), "a password sent with every call reuses it");
    assertNotEquals(first, tokens.issue("bob"));
    now = now.plus(Duration.ofHours(2));
    String second = tokens.issue("alice");
    assertNotEquals(first, second, "less than half its lifetime left: a new one");
    assertEquals("alice", tokens.user(first).orElseThrow(), "the old one stays valid");
    assertEquals(second, tokens.issue("alice"));
  }

  @Test
  void refusesBeyondTheCapUntilTokensExpire() {
    Tokens tokens = new Tokens(Duration.ofHours(1), 2, clock);
    tokens.issue("a");
    tokens.issue("b");
    assertThrows(IllegalStateException.class, () -> tokens.issue("c"));
    now = now.plus(Duration.ofHours(2));
    tokens.issue("c");
  }
}
