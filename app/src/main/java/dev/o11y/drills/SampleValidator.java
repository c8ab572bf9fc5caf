package dev.o11y.drills;

import java.time.Duration;

/** Drill "hot method": every request's samples validated a second time, the slow way. */
final class SampleValidator implements Fault {

  /** CPU per request: visible in a latency panel, and a few samples of the profiler each. */
  static final Duration BURN = Duration.ofMillis(60);

  @Override
  public void duringDecode(FaultedRequest request) {
    validateEverySampleTwice(request.body());
  }

  /** Pure CPU on the request's thread, for {@link #BURN}. */
  static long validateEverySampleTwice(byte[] body) {
    long deadline = System.nanoTime() + BURN.toNanos();
    long hash = 7;
    do {
      for (byte b : body) {
        hash = 131 * hash + b;
      }
    } while (System.nanoTime() < deadline);
    return hash;
  }
}
