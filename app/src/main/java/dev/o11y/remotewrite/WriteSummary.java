package dev.o11y.remotewrite;

import java.util.Map;

/**
 * What one remote-write request carried that the receiver accepted, and what it refused.
 * A refused series takes its samples, histograms and exemplars with it; the rest of the
 * request is still written (a partial write), and the request is answered 400.
 */
public record WriteSummary(
    RemoteWriteVersion version,
    long series,
    long samples,
    long exemplars,
    long histograms,
    long metadata,
    Refusals refused) {

  /** The series refused: how many for each reason, and the first one, described for the sender. */
  public record Refusals(Map<RejectReason, Long> byReason, RejectReason first, String firstProblem) {
    public static final Refusals NONE = new Refusals(Map.of(), null, null);

    public long series() {
      return byReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A request whose every series was accepted. */
  public static WriteSummary accepted(RemoteWriteVersion version, long series, long samples, long exemplars,
      long histograms, long metadata) {
    return new WriteSummary(version, series, samples, exemplars, histograms, metadata, Refusals.NONE);
  }

  public boolean partial() {
    return refused.first() != null;
  }
}
