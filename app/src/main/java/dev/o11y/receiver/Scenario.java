package dev.o11y.receiver;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Demo scenarios that make the talk's closing story repeatable on stage. */
public enum Scenario {
  /** Normal operation. */
  NONE,
  /** Decoding burns CPU in {@link SlowDecode#deliberatelySlowChecksum}, visible in the profile. */
  SLOW_DECODE,
  /** Every request sleeps, so latency rises without CPU. */
  LATENCY,
  /** A fraction of requests fail with 500. */
  ERRORS;

  /** The name users type: none, slow-decode, latency, errors. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Scenario parse(String id) {
    for (Scenario scenario : values()) {
      if (scenario.id().equals(id)) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + id + "': want one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
  }
}
