package io.sluice.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sluice.server.auth.Authenticator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/login} with HTTP Basic credentials: answers {@code {"token": ..., "expires_in":
 * seconds}}, a bearer token for the following requests (checking a password is slow on purpose; a
 * token is not).
 */
final class LoginHandler implements HttpHandler {
  private final RequestAuth auth;

  LoginHandler(RequestAuth auth) {
    this.auth = auth;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readNBytes(4096);
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Responses.error(exchange, 405, "use POST");
        return;
      }
      Optional<Authenticator.Identity> identity = auth.check(exchange, true);
      if (identity.isEmpty()) {
        return;
      }
      String token =
          identity
              .get()
              .issuedToken()
              .orElseGet(() -> auth.authenticator().tokens().issue(identity.get().user()));
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("token", token);
      answer.put("expires_in", auth.authenticator().tokens().lifetime().toSeconds());
      Responses.json(exchange, 200, answer);
    }
  }
}
