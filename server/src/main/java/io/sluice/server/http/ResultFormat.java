package io.sluice.server.http;

import java.util.Locale;
import java.util.Optional;

/** The answer formats of {@code POST /v1/sql}, chosen by the request's {@code Accept} header. */
enum ResultFormat {
  /** An Arrow IPC stream: the schema, then one record batch per result batch. */
  ARROW("application/vnd.apache.arrow.stream"),
  /** RFC 4180 CSV with a header line. */
  CSV("text/csv; charset=utf-8"),
  /** A JSON array with one object per row. */
  JSON("application/json");

  final String contentType;

  ResultFormat(String contentType) {
    this.contentType = contentType;
  }

  /**
   * @param accept the {@code Accept} header, or null
   * @return the first format the client accepts, in its order; JSON when it accepts anything; empty
   *     when it accepts none of them
   */
  static Optional<ResultFormat> negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(JSON);
    }
    for (String part : accept.split(",")) {
      String type = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
      switch (type) {
        case "application/vnd.apache.arrow.stream":
          return Optional.of(ARROW);
        case "text/csv":
          return Optional.of(CSV);
        case "application/json":
        case "*/*":
        case "application/*":
          return Optional.of(JSON);
        default:
          break;
      }
    }
    return Optional.empty();
  }
}
