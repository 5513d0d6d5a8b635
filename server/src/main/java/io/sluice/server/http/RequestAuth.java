package io.sluice.server.http;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.server.auth.Authenticator;
import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates an HTTP request with the shared {@link Authenticator}: HTTP Basic, or a bearer
 * token from {@code POST /v1/login} (or from a Flight SQL sign-in). A refusal is a 401 with the one
 * refusal message and a {@code WWW-Authenticate} challenge.
 */
final class RequestAuth {
  private final Authenticator authenticator;

  RequestAuth(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * @param exchange the request
   * @param issueToken whether to issue a bearer token for a password sign-in
   * @return who sent it, or empty after answering 401 (or 503 when no more tokens can be issued)
   * @throws IOException if the refusal cannot be sent
   */
  Optional<Authenticator.Identity> check(HttpExchange exchange, boolean issueToken)
      throws IOException {
    try {
      return Optional.of(
          authenticator.authenticate(
              exchange.getRequestHeaders().getFirst("Authorization"), issueToken));
    } catch (Authenticator.RefusedException e) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"sluice\"");
      Responses.error(exchange, 401, Authenticator.REFUSED);
    } catch (IllegalStateException e) {
      Responses.error(exchange, 503, e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * @return the authenticator
   */
  Authenticator authenticator() {
    return authenticator;
  }
}
