package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import dev.o11y.support.Http;
import dev.o11y.support.MetricsText;
import dev.o11y.support.RemoteWrite2;
import dev.o11y.support.StackFiles;
import dev.o11y.support.TestConfig;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * One request per row of docs/remote-write-rules.md, over HTTP to the real server: each
 * series rule refuses only its series (a partial write: 400, the others written and counted,
 * the 2.0 headers saying so); what the specs allow is written whole, with a 204.
 */
class RemoteWriteRulesTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private ReceiverServer server;

  @BeforeEach
  void start() {
    server = ReceiverServer.start(TestConfig.onLoopback());
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  // ---- the series rules, each for one series among two valid ones ----

  @Test
  void aSeriesWithoutNameOrWithAnEmptyNameIsRefusedAloneInBothVersions() {
    expectRefusedV1(RejectReason.MISSING_METRIC_NAME, ts -> ts.clearLabels().addLabels(label("job", "x")));
    expectRefusedV1(RejectReason.MISSING_METRIC_NAME, ts -> ts.setLabels(0, label("__name__", "")));
    expectRefusedV2(RejectReason.MISSING_METRIC_NAME, (ts, s) -> ts.clearLabelsRefs().addLabelsRefs(s.ref("job")).addLabelsRefs(s.ref("x")));
    expectRefusedV2(RejectReason.MISSING_METRIC_NAME, (ts, s) -> ts.setLabelsRefs(1, 0));
  }

  @Test
  void aSeriesWithNoLabelsIsRefused() {
    expectRefusedV1(RejectReason.NO_LABELS, RemoteWriteV1.TimeSeries.Builder::clearLabels);
    expectRefusedV2(RejectReason.NO_LABELS, (ts, s) -> ts.clearLabelsRefs());
  }

  @Test
  void emptyLabelNamesAndValuesAreRefused() {
    expectRefusedV1(RejectReason.EMPTY_LABEL_NAME, ts -> ts.addLabels(label("", "x")));
    expectRefusedV1(RejectReason.EMPTY_LABEL_VALUE, ts -> ts.addLabels(label("zone", "")));
    expectRefusedV2(RejectReason.EMPTY_LABEL_NAME, (ts, s) -> ts.addLabelsRefs(0).addLabelsRefs(s.ref("x")));
    expectRefusedV2(RejectReason.EMPTY_LABEL_VALUE, (ts, s) -> ts.addLabelsRefs(s.ref("zone")).addLabelsRefs(0));
  }

  @Test
  void aLabelNameGivenTwiceIsRefusedSortedOrNot() {
    expectRefusedV1(RejectReason.DUPLICATE_LABEL_NAME, ts -> ts.addLabels(label("job", "again")));
    expectRefusedV1(RejectReason.DUPLICATE_LABEL_NAME, ts -> ts.addLabels(0, label("job", "first")));
    expectRefusedV2(RejectReason.DUPLICATE_LABEL_NAME, (ts, s) -> ts.addLabelsRefs(s.ref("job")).addLabelsRefs(s.ref("again")));
    // The same name through two different entries of the table counts as a duplicate too.
    expectRefusedV2(RejectReason.DUPLICATE_LABEL_NAME, (ts, s) -> ts.addLabelsRefs(s.newRef("job")).addLabelsRefs(s.ref("x")));
  }

  @Test
  void v2SamplesWithHistogramsOrNoDataAtAllAreRefused() {
    expectRefusedV2(RejectReason.SAMPLES_AND_HISTOGRAMS, (ts, s) -> ts.addHistograms(zeroBucketHistogram(3)));
    expectRefusedV2(RejectReason.NO_SAMPLES, (ts, s) -> ts.clearSamples().clearExemplars());
  }

  @Test
  void v2ExemplarsWithoutATimestampAreRefused() {
    expectRefusedV2(RejectReason.INVALID_EXEMPLAR, (ts, s) -> ts.addExemplars(
        RemoteWriteV2.Exemplar.newBuilder().addLabelsRefs(s.ref("trace_id")).addLabelsRefs(s.ref("abc")).setValue(1)));
  }

  @Test
  void v2ReferencesOutsideTheTableAreRefused() {
    expectRefusedV2(RejectReason.INVALID_SYMBOL_REF, (ts, s) -> ts.setLabelsRefs(1, 9999));
    expectRefusedV2(RejectReason.INVALID_SYMBOL_REF, (ts, s) -> ts.addLabelsRefs(s.ref("zone")));
    expectRefusedV2(RejectReason.INVALID_SYMBOL_REF, (ts, s) -> ts.setMetadata(ts.getMetadata().toBuilder().setUnitRef(9999)));
  }

  @Test
  void aHistogramWhoseCountDisagreesWithItsBucketsIsRefusedInBothVersions() {
    // The compliance suite's bad_count_histogram: buckets 1, 3, 4, 7, 8 hold 23; the count says 99.
    RemoteWriteV2.Histogram bad = RemoteWriteV2.Histogram.newBuilder().setCountInt(99).setSum(1).setSchema(0)
        .addPositiveSpans(span(0, 5)).addAllPositiveDeltas(List.of(1L, 2L, 1L, 3L, 1L)).setTimestamp(T0).build();
    expectRefusedV2(RejectReason.INVALID_HISTOGRAM, (ts, s) -> ts.clearSamples().clearExemplars().addHistograms(bad));
    expectRefusedV1(RejectReason.INVALID_HISTOGRAM, ts -> ts.clearSamples().addHistograms(v1Histogram(bad)));
  }

  @Test
  void histogramsThatBreakPrometheusValidationAreRefused() {
    List<RemoteWriteV2.Histogram> broken = List.of(
        histogram().setSchema(9_999).setCountInt(0).build(),                                          // unknown schema
        histogram().setCountInt(2).addPositiveSpans(span(0, 3)).addAllPositiveDeltas(List.of(1L, 1L)).build(), // spans ≠ buckets
        histogram().setCountInt(0).addPositiveSpans(span(0, 2)).addAllPositiveDeltas(List.of(1L, -2L)).build(), // negative bucket
        histogram().setSchema(-53).setCountInt(3).addPositiveSpans(span(0, 2)).addAllPositiveDeltas(List.of(1L, 1L))
            .addAllCustomValues(List.of(1.0, 0.5)).build(),                                              // bounds not rising
        histogram().setSchema(-53).setCountInt(3).setZeroCountInt(3).build(),                            // zero bucket in NHCB
        histogram().setCountFloat(1).addPositiveSpans(span(0, 1)).addPositiveCounts(-1).build(),         // negative float bucket
        histogram().setCountFloat(1).addPositiveSpans(span(0, 1)).addPositiveDeltas(1).build());         // float with deltas
    for (RemoteWriteV2.Histogram histogram : broken) {
      expectRefusedV2(RejectReason.INVALID_HISTOGRAM, (ts, s) -> ts.clearSamples().clearExemplars().addHistograms(histogram));
    }
  }

  // ---- what the specs allow: written whole, with a 204 ----

  @Test
  void whatTheSpecsAllowIsWrittenWhole() {
    RemoteWriteV2.Histogram nhcb = histogram().setSchema(-53).setCountInt(30).setSum(1)
        .addAllCustomValues(List.of(0.1, 0.5, 1.0, 2.5, 5.0, 10.0)).addPositiveSpans(span(0, 6))
        .addAllPositiveDeltas(List.of(2L, 1L, 2L, 3L, -1L, -2L)).build();
    RemoteWriteV2.Histogram floats = histogram().setCountFloat(2.5).setSum(3).setZeroCountFloat(0.5)
        .addPositiveSpans(span(-2, 2)).addAllPositiveCounts(List.of(1.0, 1.0)).build();
    RemoteWriteV2.Histogram nanSum = histogram().setCountInt(5).setSum(Double.NaN).setZeroCountInt(3).build();
    Symbols s = new Symbols();
    RemoteWriteV2.Request.Builder request = RemoteWriteV2.Request.newBuilder();
    // Labels in no order, UTF-8 names, special values, both kinds of histogram, an exemplar-only series.
    request.addTimeseries(series(s, "résumé.total", "zone", "北").addSamples(sample(Double.NaN)))
        .addTimeseries(s.labels(RemoteWriteV2.TimeSeries.newBuilder(), "zone", "a", "__name__", "unsorted", "job", "j")
            .addSamples(sample(Double.POSITIVE_INFINITY)))
        .addTimeseries(series(s, "stale").addSamples(sample(STALE_NAN)).addSamples(sample(Double.NEGATIVE_INFINITY)))
        .addTimeseries(series(s, "nhcb").addHistograms(nhcb))
        .addTimeseries(series(s, "floats").addHistograms(floats).addHistograms(nanSum))
        .addTimeseries(series(s, "exemplar_only").addExemplars(exemplar(s)))
        .addTimeseries(series(s, "unknown_type").setMetadata(RemoteWriteV2.Metadata.newBuilder().setTypeValue(0)).addSamples(sample(1)));
    HttpResponse<String> response = postV2(request.addAllSymbols(s.table).build().toByteArray());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertWritten(response, 5, 3, 1);
  }

  @Test
  void startTimestampsOfRc4AreAccepted() {
    Symbols s = new Symbols();
    RemoteWriteV2.Request request = RemoteWriteV2.Request.newBuilder()
        .addTimeseries(series(s, "counter_total").addSamples(sample(1).toBuilder().setStartTimestamp(T0 - 60_000)))
        .addTimeseries(series(s, "hist").addHistograms(zeroBucketHistogram(2).toBuilder().setStartTimestamp(T0 - 60_000)))
        .addTimeseries(series(s, "unset").addSamples(sample(1).toBuilder().setStartTimestamp(0)))
        .addTimeseries(series(s, "old_ct").setCreatedTimestamp(T0 - 1).addSamples(sample(1)))
        .addAllSymbols(s.table).build();
    HttpResponse<String> response = postV2(request.toByteArray());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertWritten(response, 3, 1, 0);
  }

  @Test
  void everyAnswerToA2RequestCarriesTheWrittenHeaders() throws Exception {
    // Refused whole: the headers say 0. Written: they say what was.
    HttpResponse<String> corrupt = Http.post(server.publicPort(), "/api/v1/write", new byte[] {1, 2, 3},
        v2Headers());
    assertThat(corrupt.statusCode()).isEqualTo(400);
    assertWritten(corrupt, 0, 0, 0);
    HttpResponse<String> ok = postV2(RemoteWrite2.request(2, 3, 1, 0).toByteArray());
    assertThat(ok.statusCode()).isEqualTo(204);
    assertWritten(ok, 6, 0, 2);
    // 1.0 answers never carry them.
    HttpResponse<String> v1 = Http.post(server.publicPort(), "/receive", Snappy.compress(requestV1(ts -> ts).toByteArray()),
        Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy"));
    assertThat(v1.statusCode()).isEqualTo(204);
    assertThat(v1.headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("written"));
  }

  @Test
  void countersHeadersAndTheLogLineAgreeOnAPartialWrite() {
    HttpResponse<String> response = postV2(requestV2((ts, s) -> ts.clearLabelsRefs()).toByteArray());
    assertThat(response.statusCode()).isEqualTo(400);
    assertWritten(response, 2, 0, 0);
    assertThat(response.body()).isEqualTo("remote write 2.0: 1 of 3 series refused (no_labels): timeseries[1] has no labels;"
        + " the other 2 written (2 samples, 0 histograms, 0 exemplars)\n");
    String metrics = Http.get(server.internalPort(), "/metrics").body();
    assertThat(MetricsText.value(metrics, "receiver_samples_received_total{version=\"2.0\"}")).isEqualTo(2);
    assertThat(MetricsText.value(metrics, "receiver_series_received_total{version=\"2.0\"}")).isEqualTo(2);
    assertThat(MetricsText.value(metrics, "receiver_series_rejected_total{reason=\"no_labels\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"no_labels\"}")).isEqualTo(1);
  }

  @Test
  void theRulesDocumentListsEveryReasonTheReceiverGives() {
    Matcher m = Pattern.compile("\\| `([a-z_]+)` \\|\\s*$", Pattern.MULTILINE).matcher(StackFiles.read("docs/remote-write-rules.md"));
    Set<String> documented = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
    }
    documented.remove("reason"); // the tables' header
    assertThat(documented).isEqualTo(new TreeSet<>(Arrays.stream(RejectReason.values()).map(RejectReason::label).toList()));
  }

  // ---- building requests: three valid series, the middle one changed ----

  private void expectRefusedV1(RejectReason reason, UnaryOperator<RemoteWriteV1.TimeSeries.Builder> change) {
    HttpResponse<String> response = Http.post(server.publicPort(), "/receive",
        snappy(requestV1(change).toByteArray()), Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy"));
    expectPartial(response, reason);
  }

  private void expectRefusedV2(RejectReason reason, SeriesChange change) {
    HttpResponse<String> response = postV2(requestV2(change).toByteArray());
    expectPartial(response, reason);
    assertWritten(response, 2, 0, 0);
  }

  private static void expectPartial(HttpResponse<String> response, RejectReason reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("1 of 3 series refused (" + reason.label() + "): timeseries[1] ")
        .contains("the other 2 written").endsWith("\n");
    assertThat(response.body().strip()).doesNotContain("\n");
  }

  private static RemoteWriteV1.WriteRequest requestV1(UnaryOperator<RemoteWriteV1.TimeSeries.Builder> change) {
    RemoteWriteV1.WriteRequest.Builder request = RemoteWriteV1.WriteRequest.newBuilder();
    for (int i = 0; i < 3; i++) {
      RemoteWriteV1.TimeSeries.Builder ts = RemoteWriteV1.TimeSeries.newBuilder()
          .addLabels(label("__name__", "m" + i)).addLabels(label("job", "x"))
          .addSamples(RemoteWriteV1.Sample.newBuilder().setValue(i).setTimestamp(T0));
      request.addTimeseries(i == 1 ? change.apply(ts) : ts);
    }
    return request.build();
  }

  @FunctionalInterface
  private interface SeriesChange {
    RemoteWriteV2.TimeSeries.Builder apply(RemoteWriteV2.TimeSeries.Builder series, Symbols symbols);
  }

  private static RemoteWriteV2.Request requestV2(SeriesChange change) {
    Symbols s = new Symbols();
    RemoteWriteV2.Request.Builder request = RemoteWriteV2.Request.newBuilder();
    for (int i = 0; i < 3; i++) {
      RemoteWriteV2.TimeSeries.Builder ts = s.labels(RemoteWriteV2.TimeSeries.newBuilder(), "__name__", "m" + i, "job", "x")
          .addSamples(sample(i));
      request.addTimeseries(i == 1 ? change.apply(ts, s) : ts);
    }
    return request.addAllSymbols(s.table).build();
  }

  /** A symbols table built as a sender builds one, "" first. */
  private static final class Symbols {
    final List<String> table = new ArrayList<>(List.of(""));

    int ref(String symbol) {
      int at = table.indexOf(symbol);
      return at >= 0 ? at : newRef(symbol);
    }

    /** A second entry for a symbol already there: against the spec's dedup rule, on purpose. */
    int newRef(String symbol) {
      table.add(symbol);
      return table.size() - 1;
    }

    RemoteWriteV2.TimeSeries.Builder labels(RemoteWriteV2.TimeSeries.Builder ts, String... pairs) {
      for (String part : pairs) {
        ts.addLabelsRefs(ref(part));
      }
      return ts;
    }
  }

  private static RemoteWriteV2.TimeSeries.Builder series(Symbols s, String name, String... more) {
    List<String> pairs = new ArrayList<>(List.of("__name__", name));
    pairs.addAll(List.of(more));
    return s.labels(RemoteWriteV2.TimeSeries.newBuilder(), pairs.toArray(String[]::new));
  }

  private static RemoteWriteV2.Sample sample(double value) {
    return RemoteWriteV2.Sample.newBuilder().setValue(value).setTimestamp(T0).build();
  }

  private static RemoteWriteV2.Exemplar exemplar(Symbols s) {
    return RemoteWriteV2.Exemplar.newBuilder().addLabelsRefs(s.ref("trace_id")).addLabelsRefs(s.ref("0af7651916cd43dd"))
        .setValue(0.5).setTimestamp(T0).build();
  }

  private static RemoteWriteV2.Histogram.Builder histogram() {
    return RemoteWriteV2.Histogram.newBuilder().setSchema(0).setSum(1).setTimestamp(T0);
  }

  private static RemoteWriteV2.Histogram zeroBucketHistogram(long observations) {
    return histogram().setCountInt(observations).setZeroCountInt(observations).build();
  }

  private static RemoteWriteV2.BucketSpan span(int offset, int length) {
    return RemoteWriteV2.BucketSpan.newBuilder().setOffset(offset).setLength(length).build();
  }

  /** The same histogram in 1.0's message (same field numbers, another Java class). */
  private static RemoteWriteV1.Histogram v1Histogram(RemoteWriteV2.Histogram h) {
    try {
      return RemoteWriteV1.Histogram.parseFrom(h.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RemoteWriteV1.Label label(String name, String value) {
    return RemoteWriteV1.Label.newBuilder().setName(name).setValue(value).build();
  }

  private HttpResponse<String> postV2(byte[] message) {
    return Http.post(server.publicPort(), "/api/v1/write", snappy(message), v2Headers());
  }

  private static Map<String, String> v2Headers() {
    return Map.of("Content-Type", RemoteWrite2.CONTENT_TYPE, "Content-Encoding", "snappy",
        "X-Prometheus-Remote-Write-Version", "2.0.0");
  }

  private static void assertWritten(HttpResponse<String> response, long samples, long histograms, long exemplars) {
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue(Long.toString(samples));
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).hasValue(Long.toString(histograms));
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written")).hasValue(Long.toString(exemplars));
  }

  private static byte[] snappy(byte[] bytes) {
    return RemoteWrite2.snappy(bytes);
  }
}
