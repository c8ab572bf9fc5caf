package dev.o11y.drills;

import java.time.Duration;

/** The slow-decode scenario's cost, in a method whose name the CPU profile shows plainly. */
public final class SlowDecode {

  /** Longer than the default 1s slow-request threshold, so every such request is logged as slow. */
  static final Duration BURN = Duration.ofMillis(1200);

  private SlowDecode() {}

  // region: slow-decode
  /** Hashes the body over and over for {@link #BURN}: pure CPU on the request thread. */
  public static long deliberatelySlowChecksum(byte[] body) {
    long deadline = System.nanoTime() + BURN.toNanos();
    long hash = 1125899906842597L;
    do {
      for (byte b : body) {
        hash = 31 * hash + b;
      }
    } while (System.nanoTime() < deadline);
    return hash;
  }
  // endregion
}
