package dev.o11y.drills;

import java.time.Duration;

/**
 * Drill "lock contention": every request refreshes a registry under one lock, and waits for
 * another while holding it. Requests queue behind each other; the CPU stays idle.
 */
final class SeriesRegistry implements Fault {

  /** How long each request holds the lock: one sender alone barely notices, several queue. */
  static final Duration HOLD = Duration.ofMillis(50);

  private final Object lock = new Object();

  @Override
  public void duringDecode(FaultedRequest request) {
    refreshUnderGlobalLock();
  }

  void refreshUnderGlobalLock() {
    synchronized (lock) {
      Pause.of(HOLD);
    }
  }
}
