package dev.o11y.doctor;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The time range a link opens, as Grafana computes it. */
public record Window(Instant from, Instant to) {

  private static final Pattern SHIFT = Pattern.compile("(-?)(\\d+)(ms|s|m|h)");

  /** The last {@code span} up to now, as a dashboard's "Last 15 minutes". */
  public static Window last(Duration span) {
    Instant now = Instant.now();
    return new Window(now.minus(span), now);
  }

  /** A span's own time, shifted at each end (a span link's spanStartTimeShift and spanEndTimeShift). */
  public static Window around(JaegerTrace.Span span, Duration startShift, Duration endShift) {
    Instant start = Instant.ofEpochSecond(0, span.startMicros() * 1000);
    Instant end = start.plusNanos(span.durationMicros() * 1000);
    return new Window(start.plus(startShift), end.plus(endShift));
  }

  /** A Grafana time shift ("-1m", "5m", "30s"); the fallback when the provisioning has none. */
  public static Duration shift(String text, Duration fallback) {
    Matcher m = SHIFT.matcher(text.strip());
    if (!m.matches()) {
      return fallback;
    }
    long n = Long.parseLong(m.group(2)) * (m.group(1).isEmpty() ? 1 : -1);
    return switch (m.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  public long fromMillis() {
    return from.toEpochMilli();
  }

  public long toMillis() {
    return to.toEpochMilli();
  }
}
