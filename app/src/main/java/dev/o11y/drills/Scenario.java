package dev.o11y.drills;

import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RejectedRequest;
import dev.o11y.telemetry.Spans;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Demo scenarios that make the talk's closing story repeatable on stage. Unlike a drill, a
 * scenario says what it is: its name is on the metrics, the log and the decode span.
 */
public enum Scenario {
  /** Normal operation. */
  NONE(Fault.NONE),
  // region: scenario-slow-decode
  /** Decoding burns CPU in {@link SlowDecode#deliberatelySlowChecksum}, visible in the profile. */
  SLOW_DECODE(new Fault() {
    @Override
    public void duringDecode(FaultedRequest request) {
      Spans.current(span -> span.setAttribute("scenario", "slow-decode"));
      SlowDecode.deliberatelySlowChecksum(request.body());
    }
  }),
  // endregion
  /** Every request sleeps, so latency rises without CPU. */
  LATENCY(new Fault() {
    @Override
    public void beforeDecode(FaultedRequest request) throws InterruptedException {
      Thread.sleep(Duration.ofMillis(500).toMillis());
    }
  }),
  /** A fifth of the requests fail with 500. */
  ERRORS(new Fault() {
    @Override
    public void beforeDecode(FaultedRequest request) {
      if (ThreadLocalRandom.current().nextDouble() < 0.2) {
        throw new RejectedRequest(RejectReason.INJECTED_FAILURE, "injected failure (demo scenario errors)");
      }
    }
  });

  private final Fault fault;

  Scenario(Fault fault) {
    this.fault = fault;
  }

  Fault fault() {
    return fault;
  }

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
