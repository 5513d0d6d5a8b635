package io.sluice.server.auth;

import io.sluice.server.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an HTTP-style {@code Authorization} header, for both endpoints: {@code Basic} with a
 * configured user's password (answered with a new bearer token), or {@code Bearer} with a token. In
 * open mode (loopback only, no users configured) every caller is let in as {@code anonymous}.
 *
 * <p>Every refusal says the same thing, whatever was wrong (unknown user, wrong password, expired
 * token), so a caller learns nothing about which users exist. An unknown user's check costs as much
 * as a known one's for the same reason.
 */
public final class Authenticator {
  /** The identity of callers in open mode. */
  public static final String ANONYMOUS = "anonymous";

  /** The message of every refusal. */
  public static final String REFUSED = "authentication required: invalid or missing credentials";

  private final Map<String, PasswordHash> users;
  private final Tokens tokens;
  private final PasswordHash decoy;

  /** Who a request is from, and the token issued to it if it signed in with a password. */
  public record Identity(String user, Optional<String> issuedToken) {}

  /** A refused request. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException() {
      super(REFUSED, null, false, false);
    }
  }

  /**
   * @param users configured users and their password hashes; empty for open mode
   * @param tokens where bearer tokens live
   */
  public Authenticator(Map<String, PasswordHash> users, Tokens tokens) {
    this.users = Map.copyOf(users);
    this.tokens = tokens;
    int iterations =
        users.values().stream()
            .mapToInt(PasswordHash::iterations)
            .max()
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.decoy = PasswordHash.create("decoy".toCharArray(), iterations);
  }

  /**
   * @return whether every caller is let in without credentials
   */
  public boolean open() {
    return users.isEmpty();
  }

  /**
   * @return the token store
   */
  public Tokens tokens() {
    return tokens;
  }

  /**
   * @param authorization the {@code Authorization} header, or null
   * @param issueToken whether to issue a bearer token when the caller signs in with a password
   * @return who the caller is
   * @throws RefusedException if the credentials are missing or wrong (never in open mode, except
   *     for a bad bearer token)
   * @throws IllegalStateException if a token is due but too many are alive
   */
  public Identity authenticate(String authorization, boolean issueToken) throws RefusedException {
    if (authorization == null || authorization.isBlank()) {
      if (open()) {
        return new Identity(ANONYMOUS, Optional.empty());
      }
      throw new RefusedException();
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).strip();
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer":
        return new Identity(
            tokens.user(value).orElseThrow(RefusedException::new), Optional.empty());
      case "basic":
        String user = basicUser(value);
        return new Identity(user, issueToken ? Optional.of(tokens.issue(user)) : Optional.empty());
      default:
        throw new RefusedException();
    }
  }

  private String basicUser(String encoded) throws RefusedException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RefusedException();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new RefusedException();
    }
    String user = decoded.substring(0, colon);
    char[] password = decoded.substring(colon + 1).toCharArray();
    if (open()) {
      return user.isEmpty() ? ANONYMOUS : user;
    }
    PasswordHash hash = users.get(user);
    boolean ok = (hash == null ? decoy : hash).matches(password) && hash != null;
    java.util.Arrays.fill(password, '\0');
    if (!ok) {
      throw new RefusedException();
    }
    return user;
  }
}
