package dev.o11y.doctor;

import java.time.Duration;
import java.util.Locale;

/**
 * What one hop came to: a tick with what came back, a cross with the reason and the files to
 * look at, or a skip with the reason the hop could not be checked. And how long it took.
 */
public record HopResult(Hop hop, Outcome outcome, String text, String lookAt, Duration took) {

  /** The sign each outcome prints with. */
  public enum Outcome {
    TICK("✓"), CROSS("✗"), SKIPPED("–");

    private final String sign;

    Outcome(String sign) {
      this.sign = sign;
    }

    public String sign() {
      return sign;
    }
  }

  public static HopResult tick(Hop hop, String whatCameBack, Duration took) {
    return new HopResult(hop, Outcome.TICK, whatCameBack, "", took);
  }

  public static HopResult cross(Hop hop, String reason, String lookAt, Duration took) {
    return new HopResult(hop, Outcome.CROSS, reason, lookAt, took);
  }

  public static HopResult skipped(Hop hop, String reason, Duration took) {
    return new HopResult(hop, Outcome.SKIPPED, reason, "", took);
  }

  public boolean ticked() {
    return outcome == Outcome.TICK;
  }

  /** One line of the report: "✓ exemplar → trace   Jaeger trace … (2.1 s)". */
  public String line() {
    String what = switch (outcome) {
      case TICK -> text;
      case CROSS -> text + ": look at " + lookAt;
      case SKIPPED -> "skipped: " + text;
    };
    return String.format(Locale.ROOT, "%s %-" + Hop.titleWidth() + "s   %s (%.1f s)",
        outcome.sign(), hop.title(), what, took.toMillis() / 1000.0);
  }
}
