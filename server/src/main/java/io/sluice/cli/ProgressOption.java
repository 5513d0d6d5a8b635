package io.sluice.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --progress} option of {@code load} and {@code export}: a bar when a person watches a
 * terminal, plain lines (fit for logs) otherwise, decided the way {@code job run} decides.
 */
final class ProgressOption {
  @Option(
      names = "--progress",
      defaultValue = "auto",
      paramLabel = "MODE",
      description = "bar, lines, or auto: a bar on a terminal, lines otherwise (default: auto).")
  String mode;

  // Hidden: how often plain lines come. Tests shorten it to see a line from a small file.
  @Option(
      names = "--progress-interval",
      hidden = true,
      defaultValue = "2s",
      converter = JobRunCommand.Seconds.class)
  Duration interval;

  /**
   * @return whether to draw a bar (a person watches a terminal) rather than print lines
   * @throws IllegalArgumentException if the mode is none of bar, lines and auto
   */
  boolean terminal() {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "bar" -> true;
      case "lines" -> false;
      case "auto" -> System.console() != null;
      default ->
          throw new IllegalArgumentException(
              "--progress is bar, lines or auto, not '" + mode + "'");
    };
  }

  /**
   * @param task what the display calls the work, e.g. {@code load events}
   * @param unit what the bar counts
   * @param out where plain lines go
   * @return the display
   */
  LoadProgress create(String task, LoadProgress.Unit unit, PrintWriter out) {
    return LoadProgress.create(task, unit, terminal(), out, interval);
  }
}
