package io.sluice.server.flight;

import io.sluice.server.sql.ResultBatches;
import io.sluice.server.sql.ResultSource;
import io.sluice.server.sql.ServerContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams results to a Flight client one bounded batch at a time, waiting before each batch until
 * the client can take it (backpressure), so a result of any size never sits in memory. When the
 * client cancels or goes away, the running statement is cancelled and nothing more is read.
 *
 * <p>Flight calls the producer on the call's own serialized executor, so gRPC's readiness and
 * cancellation callbacks for the call cannot run while a stream is being produced: readiness is
 * therefore polled, and a watchdog thread polls for cancellation so that a statement still
 * computing its first batch is stopped as soon as the client leaves.
 */
final class ResultStreamer implements AutoCloseable {
  /** How often readiness and cancellation are polled. */
  private static final long POLL_MILLIS = 2;

  private final ServerContext context;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sluice-flight-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  ResultStreamer(ServerContext context) {
    this.context = context;
  }

  /** What waiting for the client ended with. */
  private enum Ready {
    READY,
    CANCELLED,
    STALLED
  }

  /** Waits until the client can take a batch, for at most {@code limits.stalled_client}. */
  private Ready awaitReady(ServerStreamListener listener, ResultSource source) {
    long deadline = System.nanoTime() + context.config().stalledClient().toNanos();
    while (true) {
      if (listener.isCancelled() || source.cancelled()) {
        return Ready.CANCELLED;
      }
      if (listener.isReady()) {
        return Ready.READY;
      }
      if (System.nanoTime() > deadline) {
        return Ready.STALLED;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Ready.CANCELLED;
      }
    }
  }

  /**
   * Runs the source and sends every row, then completes the stream; failures end the stream with a
   * status (see {@link FlightErrors}).
   *
   * @param listener the client's stream
   * @param schema the schema of every result of the source
   * @param source the results
   * @param sql the statement, for error messages
   */
  void stream(ServerStreamListener listener, Schema schema, ResultSource source, String sql) {
    ScheduledFuture<?> watch =
        watchdog.scheduleWithFixedDelay(
            () -> {
              if (listener.isCancelled()) {
                source.cancel();
              }
            },
            50,
            50,
            TimeUnit.MILLISECONDS);
    // Batches come from the server's allocator, not a per-stream child: gRPC may still hold the
    // last batches' buffers (reference-counted) after this method returns.
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator())) {
      listener.start(root);
      ResultSet results;
      while ((results = source.next()) != null) {
        try (ResultSet current = results) {
          ResultBatches batches =
              new ResultBatches(
                  current, root, context.config().batchRows(), context.config().batchBytes());
          while (batches.next()) {
            Ready ready = awaitReady(listener, source);
            if (ready != Ready.READY) {
              source.cancel();
              if (ready == Ready.STALLED) {
                listener.error(
                    CallStatus.TIMED_OUT
                        .withDescription(
                            "the client stopped reading the result for longer than "
                                + context.config().stalledClient().toSeconds()
                                + " s (limits.stalled_client)")
                        .toRuntimeException());
              } else if (!listener.isCancelled()) {
                listener.error(cancelledStatus());
              }
              return;
            }
            listener.putNext();
          }
        }
      }
      if (source.cancelled()) {
        // A cancel may end a result early without an error: never let that look complete.
        if (!listener.isCancelled()) {
          listener.error(cancelledStatus());
        }
        return;
      }
      listener.completed();
    } catch (SQLException e) {
      if (source.cancelled() && !listener.isCancelled()) {
        listener.error(cancelledStatus());
      } else if (!listener.isCancelled()) {
        listener.error(FlightErrors.of(e, sql));
      }
    } catch (RuntimeException e) {
      if (!listener.isCancelled()) {
        listener.error(FlightErrors.unexpected(e, "streaming the result of " + sql));
      }
    } finally {
      watch.cancel(false);
    }
  }

  private static FlightRuntimeException cancelledStatus() {
    return CallStatus.CANCELLED.withDescription("the query was cancelled").toRuntimeException();
  }

  /** Stops the watchdog. */
  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
