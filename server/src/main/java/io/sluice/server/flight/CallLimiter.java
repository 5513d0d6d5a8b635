package io.sluice.server.flight;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.CallStatus;

/**
 * Counts the Flight SQL calls that do work (fetching a result, uploading rows, asking for a
 * FlightInfo, which prepares or runs a statement): at most {@code max} at once on the server and
 * {@code perUser} for one user. A call beyond either is refused at once with RESOURCE_EXHAUSTED, so
 * one user cannot take every thread, and a flood of calls does not make the server start a thread
 * for each.
 */
final class CallLimiter {
  private final int max;
  private final int perUser;
  private final AtomicInteger running = new AtomicInteger();
  private final Map<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

  /** A running call's place; closing it frees the place. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  CallLimiter(int max, int perUser) {
    this.max = max;
    this.perUser = perUser;
  }

  /**
   * @param user the calling user
   * @return the call's place, to close when the call ends
   * @throws org.apache.arrow.flight.FlightRuntimeException RESOURCE_EXHAUSTED when {@code max}
   *     calls, or {@code perUser} of this user's, are running
   */
  Permit acquire(String user) {
    if (running.incrementAndGet() > max) {
      running.decrementAndGet();
      throw CallStatus.RESOURCE_EXHAUSTED
          .withDescription(
              "too many calls running on the server ("
                  + max
                  + ", limits.flight_calls); try again later")
          .toRuntimeException();
    }
    AtomicInteger mine;
    while (true) {
      mine = byUser.computeIfAbsent(user, u -> new AtomicInteger());
      synchronized (mine) {
        if (byUser.get(user) != mine) {
          continue; // its last call ended meanwhile and dropped it: take the new one
        }
        if (mine.get() >= perUser) {
          running.decrementAndGet();
          throw CallStatus.RESOURCE_EXHAUSTED
              .withDescription(
                  "too many calls running for user '"
                      + user
                      + "' ("
                      + perUser
                      + ", limits.flight_calls_per_user); try again later")
              .toRuntimeException();
        }
        mine.incrementAndGet();
        break;
      }
    }
    AtomicInteger counted = mine;
    return new Permit() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (closed) {
          return;
        }
        closed = true;
        synchronized (counted) {
          if (counted.decrementAndGet() == 0) {
            byUser.remove(user, counted);
          }
        }
        running.decrementAndGet();
      }
    };
  }

  /**
   * @return how many calls are running
   */
  int running() {
    return running.get();
  }
}
