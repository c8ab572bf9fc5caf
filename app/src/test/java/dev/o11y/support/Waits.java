package dev.o11y.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: readiness is observed, never assumed. */
public final class Waits {

  private static final Duration POLL = Duration.ofMillis(100);

  private Waits() {}

  /** Returns the first present value, or fails with the description after the timeout. */
  public static <T> T until(String description, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      pause();
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + description);
  }

  /** The interval between two polls. */
  static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
