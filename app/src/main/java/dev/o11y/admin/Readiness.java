package dev.o11y.admin;

import java.util.concurrent.atomic.AtomicBoolean;

/** Ready once the public listener accepts, not ready again as soon as shutdown begins. */
public final class Readiness {

  // region: readiness
  private final AtomicBoolean ready = new AtomicBoolean(false);

  public boolean isReady() {
    return ready.get();
  }

  public void markReady() {
    ready.set(true);
  }

  public void markShuttingDown() {
    ready.set(false);
  }
  // endregion
}
