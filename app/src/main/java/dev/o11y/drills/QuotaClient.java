package dev.o11y.drills;

import java.time.Duration;

/**
 * Drill "off-CPU": every request waits for a quota that nothing grants faster. The time is in
 * the trace; the CPU profile has nothing to show for it, because waiting is not CPU.
 */
final class QuotaClient implements Fault {

  static final Duration WAIT = Duration.ofMillis(300);

  @Override
  public void duringDecode(FaultedRequest request) {
    awaitQuota();
  }

  static void awaitQuota() {
    Pause.of(WAIT);
  }
}
