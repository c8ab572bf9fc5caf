package dev.o11y.drills;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Drill "hot method": requests' samples validated a second time, the slow way. One request at
 * a time does it, so that the drill takes one core at most, whatever the load.
 */
final class SampleValidator implements Fault {

  /** CPU per request: visible in a latency panel, and a few samples of the profiler each. */
  static final Duration BURN = Duration.ofMillis(60);

  private final Semaphore oneCore = new Semaphore(1);

  @Override
  public void duringDecode(FaultedRequest request) {
    if (oneCore.tryAcquire()) {
      try {
        validateEverySampleTwice(request.body());
      } finally {
        oneCore.release();
      }
    }
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
