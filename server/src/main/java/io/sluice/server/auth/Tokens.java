package io.sluice.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens: 256 random bits handed out after a successful password check, valid for a fixed
 * time from issue, kept only in memory (a restart signs everyone out). A user who signs in again
 * while their newest token still has more than half its lifetime left gets that token again, so a
 * client that sends its password with every call does not pile up tokens. At most {@code maxTokens}
 * live at once; issuing past that first drops expired ones, then refuses.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration lifetime;
  private final int maxTokens;
  private final Clock clock;
  private final Map<String, Entry> live = new ConcurrentHashMap<>();
  private final Map<String, String> newest = new ConcurrentHashMap<>();

  /** Whom a token was issued to, and until when it is valid. */
  private record Entry(String user, Instant expires) {}

  /**
   * @param lifetime how long a token stays valid after it is issued
   * @param maxTokens the most tokens alive at once
   * @param clock the clock expiry is measured with
   */
  public Tokens(Duration lifetime, int maxTokens, Clock clock) {
    this.lifetime = lifetime;
    this.maxTokens = maxTokens;
    this.clock = clock;
  }

  /**
   * @return how long a token stays valid
   */
  public Duration lifetime() {
    return lifetime;
  }

  /**
   * @param user the user the token proves
   * @return a token: the user's newest if it has more than half its lifetime left, else a new one
   * @throws IllegalStateException if {@code maxTokens} unexpired tokens exist
   */
  public String issue(String user) {
    String recent = newest.get(user);
    Entry entry = recent == null ? null : live.get(recent);
    if (entry != null
        && entry.user().equals(user)
        && clock.instant().plus(lifetime.dividedBy(2)).isBefore(entry.expires())) {
      return recent;
    }
    if (live.size() >= maxTokens) {
      dropExpired();
      if (live.size() >= maxTokens) {
        throw new IllegalStateException("too many sessions; try again later");
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    live.put(token, new Entry(user, clock.instant().plus(lifetime)));
    newest.put(user, token);
    return token;
  }

  /**
   * @param token a token from a client
   * @return the user it was issued to, if it is known and unexpired
   */
  public Optional<String> user(String token) {
    Entry entry = live.get(token);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      live.remove(token);
      newest.remove(entry.user(), token);
      return Optional.empty();
    }
    return Optional.of(entry.user());
  }

  private void dropExpired() {
    Instant now = clock.instant();
    for (Iterator<Entry> it = live.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires())) {
        it.remove();
      }
    }
    newest.values().removeIf(token -> !live.containsKey(token));
  }
}
