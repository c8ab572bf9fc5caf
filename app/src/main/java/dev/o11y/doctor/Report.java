package dev.o11y.doctor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The end of a run of the doctor: a summary line and the exit code that `make check-links` returns. */
public final class Report {

  /** Every hop ticked or was skipped with its reason. */
  public static final int WALK_WORKS = 0;
  /** At least one hop crossed: its line says why and which file to look at. */
  public static final int A_HOP_IS_BROKEN = 1;
  /** Grafana or the receiver did not answer at all, or the arguments were wrong: nothing was walked. */
  public static final int NOTHING_TO_WALK = 2;

  private Report() {}

  public static int exitCode(List<HopResult> results) {
    return results.stream().anyMatch(r -> r.outcome() == HopResult.Outcome.CROSS) ? A_HOP_IS_BROKEN : WALK_WORKS;
  }

  /** "6 ✓, 1 skipped: the walk works." or "5 ✓, 2 ✗: fix ...". */
  public static String summary(List<HopResult> results) {
    Map<HopResult.Outcome, Integer> counts = new TreeMap<>();
    results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
    StringBuilder out = new StringBuilder();
    counts.forEach((outcome, n) -> {
      out.append(out.isEmpty() ? "" : ", ").append(n).append(' ');
      out.append(outcome == HopResult.Outcome.SKIPPED ? "skipped" : outcome.sign());
    });
    return out + (exitCode(results) == WALK_WORKS
        ? ": the walk works."
        : ": fix what each ✗ line names, then run make check-links again.");
  }

  /** Grafana or the receiver does not answer: one line, and the exit code for it. */
  public static String unreachable(String reason) {
    return "✗ " + reason + ": is the stack up? make up";
  }
}
