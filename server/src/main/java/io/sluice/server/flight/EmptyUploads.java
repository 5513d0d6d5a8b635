package io.sluice.server.flight;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an upload that ends before its first message fail instead of hanging. Arrow Java's {@link
 * FlightStream#getDescriptor()}, which every {@code DoPut} handler calls first, waits for the first
 * message and is never woken when the client half-closes or goes away without one: the handler's
 * thread then waits forever and the client waits for an answer that never comes. ADBC's Go driver
 * does exactly that when asked to ingest a table of zero rows (it sends no schema). This completes
 * the stream's descriptor with an error once the stream ends, which is a no-op when the descriptor
 * arrived. It reaches two private fields of {@code FlightStream} (Arrow 18); if a later Arrow
 * renames them, it logs once and leaves the stream as Arrow made it.
 */
final class EmptyUploads {
  private static final Logger LOG = LoggerFactory.getLogger(EmptyUploads.class);
  private static final Field DESCRIPTOR = field("descriptor");
  private static final Field CANCELLED = field("cancelled");

  private EmptyUploads() {}

  private static Field field(String name) {
    try {
      Field field = FlightStream.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "Arrow's FlightStream has no field '{}': an upload that ends before its first message"
              + " will leave its call waiting ({})",
          name,
          e.toString());
      return null;
    }
  }

  /**
   * @param stream an upload's stream, before its descriptor is read
   */
  static void failWhenEndedEmpty(FlightStream stream) {
    if (DESCRIPTOR == null || CANCELLED == null) {
      return;
    }
    try {
      Object descriptor = DESCRIPTOR.get(stream);
      CompletableFuture<?> ended = (CompletableFuture<?>) CANCELLED.get(stream);
      if (descriptor instanceof com.google.common.util.concurrent.SettableFuture<?> future) {
        ended.whenComplete(
            (done, error) ->
                future.setException(
                    CallStatus.INVALID_ARGUMENT
                        .withDescription(
                            "the upload ended before its first message, so it named no command"
                                + " and sent no schema (an ingest of zero rows sends none: create"
                                + " an empty table with CREATE TABLE instead)")
                        .toRuntimeException()));
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      LOG.warn("could not watch an upload for an early end: {}", e.toString());
    }
  }

  /**
   * @param failure what reading an upload's descriptor threw (Arrow wraps the cause as INTERNAL)
   * @return the early-end error set by {@link #failWhenEndedEmpty} if that is the cause, else the
   *     failure itself
   */
  static FlightRuntimeException reason(FlightRuntimeException failure) {
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof FlightRuntimeException early
          && early.status().code() == FlightStatusCode.INVALID_ARGUMENT) {
        return early;
      }
    }
    return failure;
  }
}
