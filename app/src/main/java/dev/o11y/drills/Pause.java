package dev.o11y.drills;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waiting without CPU for a while, on the request's thread; an interrupt ends it early. */
final class Pause {

  private Pause() {}

  static void of(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(left);
    }
  }
}
