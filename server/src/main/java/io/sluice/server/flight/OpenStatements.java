package io.sluice.server.flight;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallStatus;

/**
 * The open statements of all clients, by handle: at most {@code max} at once and {@code perUser}
 * for one user (so one user cannot take every slot); one unused for longer than {@code idle} is
 * closed by {@link #expire()}, so a client that vanishes without closing its statements does not
 * keep their connections forever. A handle is only found for the user who opened it.
 */
final class OpenStatements implements AutoCloseable {
  private final Map<String, OpenStatement> open = new ConcurrentHashMap<>();
  private final int max;
  private final int perUser;
  private final long idleNanos;

  OpenStatements(int max, int perUser, Duration idle) {
    this.max = max;
    this.perUser = perUser;
    this.idleNanos = idle.toNanos();
  }

  /**
   * @param statement a newly prepared statement
   * @return its handle
   * @throws org.apache.arrow.flight.FlightRuntimeException RESOURCE_EXHAUSTED (after closing the
   *     statement) when {@code max} statements, or {@code perUser} of its owner's, are open
   */
  synchronized ByteString add(OpenStatement statement) {
    if (open.size() >= max || owned(statement.owner) >= perUser) {
      expire();
      String refusal = null;
      if (open.size() >= max) {
        refusal =
            "too many open prepared statements on the server ("
                + max
                + ", limits.prepared_statements); close some and try again";
      } else if (owned(statement.owner) >= perUser) {
        refusal =
            "too many open prepared statements for user '"
                + statement.owner
                + "' ("
                + perUser
                + ", limits.prepared_statements_per_user); close some and try again";
      }
      if (refusal != null) {
        statement.close();
        throw CallStatus.RESOURCE_EXHAUSTED.withDescription(refusal).toRuntimeException();
      }
    }
    ByteString handle = Handles.next();
    open.put(Handles.key(handle), statement);
    return handle;
  }

  private long owned(String user) {
    return open.values().stream().filter(s -> s.owner.equals(user)).count();
  }

  /**
   * @param handle a handle from a client
   * @param user the calling user
   * @return the statement
   * @throws org.apache.arrow.flight.FlightRuntimeException NOT_FOUND if it is unknown or another
   *     user's
   */
  OpenStatement get(ByteString handle, String user) {
    OpenStatement statement = open.get(Handles.key(handle));
    if (statement == null || !statement.owner.equals(user)) {
      throw FlightErrors.notFound("prepared statement");
    }
    return statement;
  }

  /**
   * Removes and closes a statement.
   *
   * @param handle its handle
   * @param user the calling user
   * @throws org.apache.arrow.flight.FlightRuntimeException NOT_FOUND if it is unknown or another
   *     user's
   */
  void close(ByteString handle, String user) {
    OpenStatement statement = get(handle, user);
    if (open.remove(Handles.key(handle), statement)) {
      statement.close();
    }
  }

  /**
   * @return how many statements are open
   */
  int size() {
    return open.size();
  }

  /** Closes the statements no one used for longer than the idle limit. */
  void expire() {
    long now = System.nanoTime();
    List<OpenStatement> stale = new ArrayList<>();
    open.entrySet()
        .removeIf(
            e -> {
              OpenStatement s = e.getValue();
              boolean expired = !s.busy() && now - s.lastUsed() > idleNanos;
              if (expired) {
                stale.add(s);
              }
              return expired;
            });
    stale.forEach(OpenStatement::close);
  }

  /** Cancels and closes every statement (the server is stopping). */
  @Override
  public void close() {
    List<OpenStatement> all = new ArrayList<>(open.values());
    open.clear();
    all.forEach(OpenStatement::cancel);
    all.forEach(OpenStatement::close);
  }
}
