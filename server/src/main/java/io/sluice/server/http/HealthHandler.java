package io.sluice.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/** {@code GET /v1/health}: 200 {@code {"status": "ok"}} once the node serves; needs no sign-in. */
final class HealthHandler implements HttpHandler {
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Responses.json(exchange, 200, Map.of("status", "ok"));
    }
  }
}
