package io.sluice.server.flight;

import io.sluice.server.sql.SqlFailure;
import java.sql.SQLException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into Flight statuses: a wrong statement is {@code INVALID_ARGUMENT} with the
 * engine's message (which names line and column); a server fault is {@code INTERNAL} with a generic
 * message, its details logged here and never sent.
 */
final class FlightErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

  private FlightErrors() {}

  /**
   * @param e a failed statement
   * @param sql the statement
   * @return the status to send
   */
  static FlightRuntimeException of(SQLException e, String sql) {
    SqlFailure failure = SqlFailure.of(e, sql);
    if (failure.userError()) {
      LOG.debug("statement failed: {}", failure.message());
      return CallStatus.INVALID_ARGUMENT.withDescription(failure.message()).toRuntimeException();
    }
    LOG.error("statement failed inside the server: {}", sql, e);
    return CallStatus.INTERNAL.withDescription(SqlFailure.INTERNAL).toRuntimeException();
  }

  /**
   * @param e anything else that went wrong while serving a call
   * @param what what the server was doing, for the log
   * @return the status to send: the exception itself if it is a Flight status already
   */
  static FlightRuntimeException unexpected(Throwable e, String what) {
    if (e instanceof FlightRuntimeException flight) {
      return flight;
    }
    LOG.error("{} failed", what, e);
    return CallStatus.INTERNAL.withDescription(SqlFailure.INTERNAL).toRuntimeException();
  }

  /**
   * @param kind what the handle names ("prepared statement", "query")
   * @return the status for a handle that is unknown, expired, closed, or another user's
   */
  static FlightRuntimeException notFound(String kind) {
    return CallStatus.NOT_FOUND
        .withDescription("unknown " + kind + " handle: it was never issued, was closed, or expired")
        .toRuntimeException();
  }
}
