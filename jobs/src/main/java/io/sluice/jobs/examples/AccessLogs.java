package io.sluice.jobs.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * Generates web server access log lines in the Common Log Format, deterministically from a seed:
 *
 * <pre>
 * 203.0.113.7 - - [09/Mar/2024:23:05:09 -0200] "GET /cart HTTP/1.1" 404 512
 * </pre>
 *
 * Requests spread over three days from 2024-03-08 00:00 UTC, written in one of four zone offsets;
 * mostly 200s, some 304, 404 and 500; one line in 200 is garbage that a parser must not count as a
 * request. The input of the log analytics example.
 */
public final class AccessLogs {
  /** The first request's time. */
  public static final Instant START = Instant.parse("2024-03-08T00:00:00Z");

  /** Seconds the requests spread over. */
  public static final int SPAN_SECONDS = 3 * 24 * 3600;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final ZoneOffset[] ZONES = {
    ZoneOffset.UTC, ZoneOffset.ofHours(-2), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(9)
  };
  private static final String[] PATHS = {"/", "/cart", "/search?q=wasm", "/docs/jobs", "/login"};
  private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 304, 404, 404, 500};

  private final Random random;

  /**
   * @param seed the seed: the same seed gives the same lines
   */
  public AccessLogs(long seed) {
    this.random = new Random(seed);
  }

  /**
   * One generated line and what it says.
   *
   * @param text the line
   * @param at the request's time, or null for a garbage line
   * @param status the response's status, or 0 for a garbage line
   */
  public record Line(String text, Instant at, int status) {}

  /**
   * @return the next line
   */
  public String next() {
    return nextLine().text();
  }

  /**
   * @return the next line with its parts
   */
  public Line nextLine() {
    if (random.nextInt(200) == 0) {
      return new Line("GARBAGE " + Long.toHexString(random.nextLong()), null, 0);
    }
    Instant at = START.plusSeconds(random.nextInt(SPAN_SECONDS));
    ZoneOffset zone = ZONES[random.nextInt(ZONES.length)];
    String ip = "198.51." + random.nextInt(256) + "." + random.nextInt(256);
    String method = random.nextInt(10) == 0 ? "POST" : "GET";
    String path = PATHS[random.nextInt(PATHS.length)];
    int status = STATUSES[random.nextInt(STATUSES.length)];
    String text =
        ip
            + " - - ["
            + TIME.format(at.atOffset(zone))
            + "] \""
            + method
            + " "
            + path
            + " HTTP/1.1\" "
            + status
            + " "
            + random.nextInt(50_000);
    return new Line(text, at, status);
  }
}
