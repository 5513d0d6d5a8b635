package io.sluice.jobs.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Job times, in the milliseconds the durable record keeps, so a live status equals its record. */
public final class JobClock {
  private JobClock() {}

  /**
   * @return now, truncated to milliseconds
   */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
