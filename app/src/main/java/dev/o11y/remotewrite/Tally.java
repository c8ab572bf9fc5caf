package dev.o11y.remotewrite;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts one request as the decoder walks it: a series' samples, histograms and exemplars go
 * to the accepted totals when the series passes the rules, or to the refusals when it does not.
 */
final class Tally {

  private final RemoteWriteVersion version;
  long series;
  long samples;
  long exemplars;
  long histograms;
  long metadata;
  private Map<RejectReason, Long> refused;
  private RejectReason firstRefusal;
  private String firstProblem;

  Tally(RemoteWriteVersion version) {
    this.version = version;
  }

  void accept(long samples, long exemplars, long histograms, boolean metadata) {
    this.series++;
    this.samples += samples;
    this.exemplars += exemplars;
    this.histograms += histograms;
    this.metadata += metadata ? 1 : 0;
  }

  /** A refused series; the message is built only for the first one, the one the sender is told. */
  void refuse(RejectReason reason, long index, Problem problem) {
    if (refused == null) {
      refused = new EnumMap<>(RejectReason.class);
      firstRefusal = reason;
      firstProblem = "timeseries[" + index + "] " + problem.describe();
    }
    refused.merge(reason, 1L, Long::sum);
  }

  /** Builds a refusal's description only when it is shown. */
  @FunctionalInterface
  interface Problem {
    String describe();
  }

  WriteSummary summary() {
    WriteSummary.Refusals refusals = refused == null ? WriteSummary.Refusals.NONE
        : new WriteSummary.Refusals(Map.copyOf(refused), firstRefusal, firstProblem);
    return new WriteSummary(version, series, samples, exemplars, histograms, metadata, refusals);
  }
}
