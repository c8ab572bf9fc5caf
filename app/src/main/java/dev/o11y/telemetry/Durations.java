package dev.o11y.telemetry;

import java.time.Duration;
import java.util.Locale;

/** Durations in logs as Go prints them (12.5ms, 1.204s): short and readable in logfmt. */
public final class Durations {

  private Durations() {}

  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fµs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
  }
}
