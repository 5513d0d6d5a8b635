package io.sluice.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Small JSON answers (errors, tokens, counts), sent whole with their length. */
final class Responses {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Responses() {}

  /**
   * @param exchange the exchange
   * @param status the HTTP status
   * @param fields the object's fields, in order: Strings, Numbers or Booleans
   * @throws IOException if the answer cannot be sent
   */
  static void json(HttpExchange exchange, int status, Map<String, Object> fields)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = FACTORY.createGenerator(body)) {
      json.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        json.writeFieldName(e.getKey());
        Object value = e.getValue();
        if (value instanceof Number n) {
          json.writeNumber(n.longValue());
        } else if (value instanceof Boolean b) {
          json.writeBoolean(b);
        } else if (value instanceof java.util.List<?> list) {
          json.writeStartArray();
          for (Object item : list) {
            json.writeString(String.valueOf(item));
          }
          json.writeEndArray();
        } else {
          json.writeString(String.valueOf(value));
        }
      }
      json.writeEndObject();
    }
    body.write('\n');
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.size());
    try (OutputStream out = exchange.getResponseBody()) {
      body.writeTo(out);
    }
  }

  /**
   * @param exchange the exchange
   * @param status the HTTP status
   * @param message what went wrong
   * @throws IOException if the answer cannot be sent
   */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message));
  }
}
