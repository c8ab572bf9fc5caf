package dev.o11y.support;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.o11y.remotewrite.RejectedRequest;
import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RemoteWriteVersion;
import dev.o11y.remotewrite.WriteSummary;
import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The receiver's rules (docs/remote-write-rules.md) written a second time, the plain way: on
 * the message objects protobuf-java parses, with strings, sets and lists. The tests compare
 * the fast wire decoder with it, request by request; the fuzz test does so on any input.
 * It answers accepted counts and refusals by reason (the first problem's text is the
 * decoder's own business).
 */
public final class ReferenceRules {

  private ReferenceRules() {}

  /** What the rules make of a request; null if protobuf-java cannot parse it. */
  public static WriteSummary apply(RemoteWriteVersion version, byte[] message) {
    // Read one byte ahead: protobuf-java's byte-array reader takes some ten-byte varints whose
    // last byte still says "more" (its fast path misses it; the fuzz seed
    // found-ten-byte-varint-that-goes-on); a varint has at most ten bytes, and the slow path,
    // the only one such a reader takes, refuses them.
    CodedInputStream in = CodedInputStream.newInstance(new ByteArrayInputStream(message), 1);
    try {
      return version == RemoteWriteVersion.V1 ? v1(RemoteWriteV1.WriteRequest.parseFrom(in))
          : v2(RemoteWriteV2.Request.parseFrom(in));
    } catch (IOException e) {
      return null;
    }
  }

  /** A decoder's summary without the first problem's text: what this class can be compared with. */
  public static WriteSummary comparable(WriteSummary s) {
    WriteSummary.Refusals r = s.refused();
    return new WriteSummary(s.version(), s.series(), s.samples(), s.exemplars(), s.histograms(), s.metadata(),
        r.first() == null ? r : new WriteSummary.Refusals(r.byReason(), r.first(), null));
  }

  /** A series' labels as (name, value) pairs, in the order sent. */
  private record Label(String name, String value) {}

  private static final class Counts {
    long series;
    long samples;
    long exemplars;
    long histograms;
    long metadata;
    final Map<RejectReason, Long> refused = new EnumMap<>(RejectReason.class);
    RejectReason first;

    void accept(long samples, long exemplars, long histograms, boolean metadata) {
      this.series++;
      this.samples += samples;
      this.exemplars += exemplars;
      this.histograms += histograms;
      this.metadata += metadata ? 1 : 0;
    }

    void refuse(RejectReason reason) {
      refused.merge(reason, 1L, Long::sum);
      first = first == null ? reason : first;
    }

    WriteSummary summary(RemoteWriteVersion version) {
      WriteSummary.Refusals refusals = first == null ? WriteSummary.Refusals.NONE
          : new WriteSummary.Refusals(Map.copyOf(refused), first, null);
      return new WriteSummary(version, series, samples, exemplars, histograms, metadata, refusals);
    }
  }

  private static WriteSummary v1(RemoteWriteV1.WriteRequest request) {
    Counts counts = new Counts();
    for (RemoteWriteV1.TimeSeries ts : request.getTimeseriesList()) {
      RejectReason reason = labels(ts.getLabelsList().stream().map(l -> new Label(l.getName(), l.getValue())).toList());
      if (reason == null && ts.getHistogramsList().stream().anyMatch(h -> !validV1(h))) {
        reason = RejectReason.INVALID_HISTOGRAM;
      }
      if (reason != null) {
        counts.refuse(reason);
        continue;
      }
      counts.accept(ts.getSamplesCount(), ts.getExemplarsCount(), ts.getHistogramsCount(), false);
    }
    counts.metadata = request.getMetadataCount();
    return counts.summary(RemoteWriteVersion.V1);
  }

  private static WriteSummary v2(RemoteWriteV2.Request request) {
    List<String> symbols = request.getSymbolsList();
    if (!symbols.isEmpty() && !symbols.get(0).isEmpty()) {
      return null; // refused whole (invalid_symbols); the caller expects a RejectedRequest
    }
    Counts counts = new Counts();
    for (RemoteWriteV2.TimeSeries ts : request.getTimeseriesList()) {
      RejectReason reason = v2Reason(ts, symbols);
      if (reason != null) {
        counts.refuse(reason);
        continue;
      }
      RemoteWriteV2.Metadata m = ts.getMetadata();
      counts.accept(ts.getSamplesCount(), ts.getExemplarsCount(), ts.getHistogramsCount(),
          m.getTypeValue() != 0 || m.getHelpRef() != 0 || m.getUnitRef() != 0);
    }
    return counts.summary(RemoteWriteVersion.V2);
  }

  private static RejectReason v2Reason(RemoteWriteV2.TimeSeries ts, List<String> symbols) {
    boolean refsOk = refsOk(ts.getLabelsRefsList(), symbols)
        && ts.getExemplarsList().stream().allMatch(e -> refsOk(e.getLabelsRefsList(), symbols))
        && inTable(ts.getMetadata().getHelpRef(), symbols) && inTable(ts.getMetadata().getUnitRef(), symbols);
    if (!refsOk) {
      return RejectReason.INVALID_SYMBOL_REF;
    }
    List<Integer> refs = ts.getLabelsRefsList();
    List<Label> labels = new java.util.ArrayList<>();
    for (int i = 0; i < refs.size(); i += 2) {
      labels.add(new Label(symbol(refs.get(i), symbols), symbol(refs.get(i + 1), symbols)));
    }
    RejectReason reason = labels(labels);
    if (reason != null) {
      return reason;
    }
    if (ts.getSamplesCount() > 0 && ts.getHistogramsCount() > 0) {
      return RejectReason.SAMPLES_AND_HISTOGRAMS;
    }
    if (ts.getSamplesCount() == 0 && ts.getHistogramsCount() == 0 && ts.getExemplarsCount() == 0) {
      return RejectReason.NO_SAMPLES;
    }
    if (ts.getHistogramsList().stream().anyMatch(h -> !validV2(h))) {
      return RejectReason.INVALID_HISTOGRAM;
    }
    if (ts.getExemplarsList().stream().anyMatch(e -> e.getTimestamp() == 0)) {
      return RejectReason.INVALID_EXEMPLAR;
    }
    return null;
  }

  private static boolean refsOk(List<Integer> refs, List<String> symbols) {
    return refs.size() % 2 == 0 && refs.stream().allMatch(r -> inTable(r, symbols));
  }

  private static boolean inTable(int ref, List<String> symbols) {
    long unsigned = Integer.toUnsignedLong(ref);
    return unsigned == 0 || unsigned < symbols.size();
  }

  private static String symbol(int ref, List<String> symbols) {
    return ref < symbols.size() ? symbols.get(ref) : "";
  }

  /** The label rules, in the order the docs give them. */
  private static RejectReason labels(List<Label> labels) {
    if (labels.isEmpty()) {
      return RejectReason.NO_LABELS;
    }
    for (Label label : labels) {
      if (label.name().isEmpty()) {
        return RejectReason.EMPTY_LABEL_NAME;
      }
      if (label.value().isEmpty()) {
        return label.name().equals("__name__") ? RejectReason.MISSING_METRIC_NAME : RejectReason.EMPTY_LABEL_VALUE;
      }
    }
    Set<String> names = new HashSet<>();
    for (Label label : labels) {
      if (!names.add(label.name())) {
        return RejectReason.DUPLICATE_LABEL_NAME;
      }
    }
    return names.contains("__name__") ? null : RejectReason.MISSING_METRIC_NAME;
  }

  // ---- native histograms, after Prometheus's model/histogram Validate ----

  /** The fields both protocol versions give a histogram, as plain values. */
  private record Histogram(boolean floatCount, long countInt, double countFloat, double sum, int schema,
      double zeroThreshold, boolean floatZero, long zeroInt, double zeroFloat,
      List<long[]> negativeSpans, List<long[]> positiveSpans, List<Long> negativeDeltas, List<Long> positiveDeltas,
      List<Double> negativeCounts, List<Double> positiveCounts, List<Double> customValues) {}

  /** 1.0's Histogram has 2.0's field numbers, so its bytes read as one. */
  private static boolean validV1(RemoteWriteV1.Histogram h) {
    try {
      return validV2(RemoteWriteV2.Histogram.parseFrom(h.toByteString()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean validV2(RemoteWriteV2.Histogram h) {
    return valid(new Histogram(h.hasCountFloat(), h.getCountInt(), h.getCountFloat(), h.getSum(), h.getSchema(),
        h.getZeroThreshold(), h.hasZeroCountFloat(), h.getZeroCountInt(), h.getZeroCountFloat(),
        h.getNegativeSpansList().stream().map(s -> new long[] {s.getOffset(), Integer.toUnsignedLong(s.getLength())}).toList(),
        h.getPositiveSpansList().stream().map(s -> new long[] {s.getOffset(), Integer.toUnsignedLong(s.getLength())}).toList(),
        h.getNegativeDeltasList(), h.getPositiveDeltasList(), h.getNegativeCountsList(), h.getPositiveCountsList(),
        h.getCustomValuesList()));
  }

  private static boolean valid(Histogram h) {
    boolean integer = !h.floatCount();
    if (integer ? !h.negativeCounts().isEmpty() || !h.positiveCounts().isEmpty()
        : !h.negativeDeltas().isEmpty() || !h.positiveDeltas().isEmpty()) {
      return false;
    }
    long negativeBuckets = integer ? h.negativeDeltas().size() : h.negativeCounts().size();
    long positiveBuckets = integer ? h.positiveDeltas().size() : h.positiveCounts().size();
    if (h.schema() == -53) {
      double previous = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < h.customValues().size(); i++) {
        double bound = h.customValues().get(i);
        if (Double.isNaN(bound) || (i > 0 && bound <= previous)) {
          return false;
        }
        previous = bound;
      }
      if (!h.customValues().isEmpty() && previous == Double.POSITIVE_INFINITY) {
        return false;
      }
      if (!h.negativeSpans().isEmpty() || negativeBuckets > 0) {
        return false;
      }
      if (h.positiveSpans().stream().anyMatch(s -> s[0] < 0)) {
        return false;
      }
      if ((h.floatZero() ? h.zeroFloat() != 0 : h.zeroInt() != 0) || h.zeroThreshold() != 0) {
        return false;
      }
      if (spanBuckets(h.positiveSpans()) != positiveBuckets) {
        return false;
      }
      long reach = h.positiveSpans().stream().mapToLong(s -> s[0] + s[1]).sum();
      if (reach > h.customValues().size() + 1) {
        return false;
      }
    } else if (h.schema() >= -4 && h.schema() <= 52) {
      if (!h.customValues().isEmpty()) {
        return false;
      }
      for (List<long[]> spans : List.of(h.negativeSpans(), h.positiveSpans())) {
        for (int i = 1; i < spans.size(); i++) {
          if (spans.get(i)[0] < 0) {
            return false;
          }
        }
        if (!spans.isEmpty() && spans.get(0)[0] == Integer.MIN_VALUE) {
          return false;
        }
        if (spans.stream().mapToLong(s -> s[0] + s[1]).sum() - 1 > Integer.MAX_VALUE) {
          return false;
        }
      }
      if (spanBuckets(h.negativeSpans()) != negativeBuckets || spanBuckets(h.positiveSpans()) != positiveBuckets) {
        return false;
      }
    } else {
      return false;
    }
    if (!integer) {
      boolean bucketsOk = h.negativeCounts().stream().noneMatch(c -> c < 0)
          && h.positiveCounts().stream().noneMatch(c -> c < 0) && !(h.floatZero() && h.zeroFloat() < 0);
      return bucketsOk && !(h.countFloat() < 0);
    }
    java.math.BigInteger observations = java.math.BigInteger.valueOf(0);
    for (List<Long> deltas : List.of(h.negativeDeltas(), h.positiveDeltas())) {
      long bucket = 0;
      for (long delta : deltas) {
        bucket += delta;
        if (bucket < 0) {
          return false;
        }
        observations = observations.add(java.math.BigInteger.valueOf(bucket));
      }
    }
    observations = observations.add(new java.math.BigInteger(Long.toUnsignedString(h.zeroInt())));
    java.math.BigInteger count = new java.math.BigInteger(Long.toUnsignedString(h.countInt()));
    return Double.isNaN(h.sum()) ? observations.compareTo(count) <= 0 : observations.equals(count);
  }

  private static long spanBuckets(List<long[]> spans) {
    return spans.stream().mapToLong(s -> s[1]).sum();
  }
}
