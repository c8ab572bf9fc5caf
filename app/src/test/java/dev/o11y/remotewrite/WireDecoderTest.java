package dev.o11y.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import dev.o11y.support.Fixtures;
import dev.o11y.support.ReferenceRules;
import dev.o11y.support.RemoteWrite2;
import dev.o11y.support.WireCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class WireDecoderTest {

  @Test
  void everyFixtureCountsWhatTheWireFormatHolds() throws Exception {
    for (Fixtures.Body body : Fixtures.bodies()) {
      WireCounts expected = WireCounts.ofSnappyV1(body.bytes());
      WriteSummary actual = WireDecoder.decode(RemoteWriteVersion.V1, Snappy.uncompress(body.bytes()));
      assertThat(new WireCounts(actual.series(), actual.samples(), actual.exemplars(), actual.histograms(), actual.metadata()))
          .as(body.name()).isEqualTo(expected);
      assertThat(actual.partial()).as(body.name() + ": a real sender's body breaks no rule").isFalse();
    }
  }

  @Test
  void everyRealPrometheus3BodyIsAcceptedWholeAndCountsWhatProtobufJavaSees() throws Exception {
    long histograms = 0;
    long metadata = 0;
    for (Fixtures.Body body : Fixtures.bodiesV2()) {
      byte[] decoded = Snappy.uncompress(body.bytes());
      WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V2, decoded);
      assertThat(summary.partial()).as(body.name() + ": " + summary.refused()).isFalse();
      assertThat(ReferenceRules.comparable(summary)).as(body.name()).isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V2, decoded));
      histograms += summary.histograms();
      metadata += summary.metadata();
    }
    assertThat(histograms).as("native histograms among them").isPositive();
    assertThat(metadata).as("series with metadata among them").isPositive();
  }

  @Test
  void fixturesHoldBothSeriesAndMetadataRequests() {
    List<WireCounts> counts = Fixtures.bodies().stream().map(b -> WireCounts.ofSnappyV1(b.bytes())).toList();
    assertThat(counts).anyMatch(c -> c.samples() > 0 && c.metadata() == 0);
    assertThat(counts).anyMatch(c -> c.samples() == 0 && c.metadata() > 0);
  }

  @Test
  void v2CountsSeriesSamplesExemplarsHistogramsAndMetadata() {
    byte[] bytes = RemoteWrite2.request(7, 3, 2, 1).toByteArray();
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V2, bytes);
    // Seven series of samples and seven of histograms, each with metadata.
    assertThat(summary).isEqualTo(WriteSummary.accepted(RemoteWriteVersion.V2, 14, 21, 14, 7, 14));
  }

  @Test
  void v2DebugViewResolvesLabelsThroughTheSymbolsTable() {
    byte[] bytes = RemoteWrite2.request(1, 2, 0, 0).toByteArray();
    List<String> seen = new ArrayList<>();
    SeriesListing.forEachSeries(RemoteWriteVersion.V2, bytes,
        (labels, values, timestamps) -> seen.add(labels + " " + values));
    assertThat(seen).containsExactly("{__name__=\"metric_0\", job=\"loadgen\"} [0.0, 1.0]");
  }

  @Test
  void v2LabelRefOutOfRangeRefusesThatSeriesOnly() {
    RemoteWriteV2.Request valid = RemoteWrite2.request(2, 1, 0, 0);
    RemoteWriteV2.Request bad = valid.toBuilder()
        .setTimeseries(1, valid.getTimeseries(1).toBuilder().setLabelsRefs(3, valid.getSymbolsCount()))
        .build();
    assertRefused(RemoteWriteVersion.V2, bad.toByteArray(), 1, RejectReason.INVALID_SYMBOL_REF, "timeseries[1] labels_refs");
  }

  @Test
  void v2ExemplarAndMetadataRefsAreCheckedToo() {
    RemoteWriteV2.Request valid = RemoteWrite2.request(1, 1, 1, 0);
    RemoteWriteV2.TimeSeries ts = valid.getTimeseries(0);
    RemoteWriteV2.Request badExemplar = valid.toBuilder().setTimeseries(0, ts.toBuilder()
        .setExemplars(0, ts.getExemplars(0).toBuilder().setLabelsRefs(0, -1))).build();
    assertRefused(RemoteWriteVersion.V2, badExemplar.toByteArray(), 0, RejectReason.INVALID_SYMBOL_REF, "exemplars[0]");
    RemoteWriteV2.Request badHelp = valid.toBuilder().setTimeseries(0, ts.toBuilder()
        .setMetadata(ts.getMetadata().toBuilder().setHelpRef(1000))).build();
    assertRefused(RemoteWriteVersion.V2, badHelp.toByteArray(), 0, RejectReason.INVALID_SYMBOL_REF, "metadata");
  }

  @Test
  void v2OddNumberOfLabelRefsRefusesTheSeries() {
    RemoteWriteV2.Request valid = RemoteWrite2.request(1, 1, 0, 0);
    RemoteWriteV2.Request bad = valid.toBuilder()
        .setTimeseries(0, valid.getTimeseries(0).toBuilder().addLabelsRefs(1)).build();
    assertRefused(RemoteWriteVersion.V2, bad.toByteArray(), 0, RejectReason.INVALID_SYMBOL_REF, "odd number");
  }

  @Test
  void v2FirstSymbolMustBeEmpty() {
    RemoteWriteV2.Request valid = RemoteWrite2.request(1, 1, 0, 0);
    RemoteWriteV2.Request bad = valid.toBuilder().setSymbols(0, "oops").build();
    assertRejected(RemoteWriteVersion.V2, bad.toByteArray(), "invalid_symbols", "symbols[0]");
  }

  @Test
  void truncatedProtobufIs400() throws Exception {
    byte[] decoded = Snappy.uncompress(Fixtures.bodies().get(0).bytes());
    assertRejected(RemoteWriteVersion.V1, Arrays.copyOf(decoded, decoded.length - 3), "invalid_protobuf", "1.0");
    byte[] v2 = RemoteWrite2.request(3, 3, 0, 0).toByteArray();
    assertRejected(RemoteWriteVersion.V2, Arrays.copyOf(v2, v2.length - 5), "invalid_protobuf", "2.0");
  }

  @Test
  void invalidUtf8InALabelIs400() {
    // WriteRequest{timeseries{labels{name: <0xff 0xfe>}}}
    byte[] bad = {0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, (byte) 0xff, (byte) 0xfe};
    assertRejected(RemoteWriteVersion.V1, bad, "invalid_protobuf", "1.0");
  }

  @Test
  void aCharacterCutBetweenALabelsNameAndValueIs400() {
    // The usual label shape is checked in one range, name to value: "é" (c3 a9) cut in two,
    // its first byte ending the name and its second starting the value, must not pass as one.
    // WriteRequest{timeseries{labels{name: "a" 0xc3, value: 0xa9 "b"}}}
    byte[] bad = {0x0a, 0x0a, 0x0a, 0x08, 0x0a, 0x02, 'a', (byte) 0xc3, 0x12, 0x02, (byte) 0xa9, 'b'};
    assertRejected(RemoteWriteVersion.V1, bad, "invalid_protobuf", "1.0");
  }

  @Test
  void labelsAndSamplesOfEveryShapeCountAsProtobufJavaParsesThem() throws Exception {
    // The decoder reads the usual label and sample shapes on a fast path; every other shape
    // must take the general path and come out the same.
    byte[] series = concat(
        label(1, "__name__", 2, "up"),                    // the usual shape
        label(2, "up", 1, "__name__"),                    // value before name
        label(1, "n", 2, ""),                             // empty value: field 2 present but empty
        bytes(0x0a, 0x02, 0x0a, 0x00),                    // only an empty name
        label(1, "x".repeat(200), 2, "y"),                // a name of 128 bytes or more
        label(1, "zoné", 2, "日本"),                      // multi-byte UTF-8
        bytes(0x0a, 0x08, 0x0a, 0x01, 'a', 0x12, 0x01, 'b', 0x18, 0x01), // and an unknown field 3
        sample(true, 1_700_000_000_000L),                 // the usual shape
        sample(false, 1_700_000_000_000L),                // value 0.0: field 1 left out
        sample(true, 0),                                  // timestamp 0: field 2 left out
        sample(true, -1),                                 // a ten-byte varint
        bytes(0x12, 0x0b, 0x10, 0x01, 0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f)); // timestamp first
    byte[] request = concat(bytes(0x0a), varint(series.length), series);
    RemoteWriteV1.WriteRequest parsed = RemoteWriteV1.WriteRequest.parseFrom(request);
    assertThat(parsed.getTimeseries(0).getLabelsCount()).isEqualTo(7);
    assertThat(parsed.getTimeseries(0).getSamplesCount()).isEqualTo(5);
    // Its empty value (and empty name) refuse it, and the fast and general paths agree on why.
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V1, request);
    assertThat(ReferenceRules.comparable(summary)).isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V1, request));
    assertThat(summary.refused().first()).isEqualTo(RejectReason.EMPTY_LABEL_VALUE);
    // Without the labels that break a rule, every shape is read and the series accepted.
    byte[] valid = concat(
        label(1, "__name__", 2, "up"), label(2, "v", 1, "a"), label(1, "x".repeat(200), 2, "y"),
        label(1, "zoné", 2, "日本"), bytes(0x0a, 0x08, 0x0a, 0x01, 'b', 0x12, 0x01, 'c', 0x18, 0x01),
        sample(true, 1_700_000_000_000L), sample(false, 1_700_000_000_000L), sample(true, 0), sample(true, -1),
        bytes(0x12, 0x0b, 0x10, 0x01, 0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f));
    byte[] validRequest = concat(bytes(0x0a), varint(valid.length), valid);
    assertThat(WireDecoder.decode(RemoteWriteVersion.V1, validRequest))
        .isEqualTo(WriteSummary.accepted(RemoteWriteVersion.V1, 1, 5, 0, 0, 0));
  }

  private static byte[] label(int firstField, String first, int secondField, String second) {
    byte[] a = first.getBytes(StandardCharsets.UTF_8);
    byte[] b = second.getBytes(StandardCharsets.UTF_8);
    byte[] body = concat(bytes(firstField << 3 | 2), varint(a.length), a, bytes(secondField << 3 | 2), varint(b.length), b);
    return concat(bytes(0x0a), varint(body.length), body);
  }

  private static byte[] sample(boolean withValue, long timestamp) {
    byte[] value = withValue ? bytes(0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f) : new byte[0]; // 1.0
    byte[] time = timestamp != 0 ? concat(bytes(0x10), varint(timestamp)) : new byte[0];
    byte[] body = concat(value, time);
    return concat(bytes(0x12), varint(body.length), body);
  }

  private static byte[] varint(long value) {
    byte[] out = new byte[10];
    int n = 0;
    while ((value & ~0x7fL) != 0) {
      out[n++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[n++] = (byte) value;
    return Arrays.copyOf(out, n);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  @Test
  void aTagWithBit63SetIs400NotField0() {
    // Ten-byte tag varint whose low 32 bits are 0 and bit 63 is 1 (found by the fuzzer), then a varint.
    byte[] bad = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0xbf, (byte) 0xdd, (byte) 0xbf, 0x07, 0x01};
    assertRejected(RemoteWriteVersion.V1, bad, "invalid_protobuf", "invalid tag");
  }

  @Test
  void aTagPastThirtyTwoBitsIsItsLowThirtyTwoAsProtobufJavaReadsIt() {
    // Six-byte tag varint 0x3bfbafc000 (found by the fuzzer): its low 32 bits are field 527824896,
    // a varint, which protobuf-java skips as unknown. Then one empty series, read and refused.
    byte[] request = {(byte) 0x80, (byte) 0x80, (byte) 0xbf, (byte) 0xdd, (byte) 0xbf, 0x07, 0x01, 0x0a, 0x00};
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V1, request);
    assertThat(summary.refused().byReason()).isEqualTo(Map.of(RejectReason.NO_LABELS, 1L));
    assertThat(ReferenceRules.comparable(summary)).isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V1, request));
  }

  @Test
  void aLengthPastThirtyTwoBitsIsItsLowThirtyTwoAsProtobufJavaReadsIt() {
    // Field 4 (unknown in 1.0) with a nine-byte length whose low 32 bits are 0 (found by the fuzzer):
    // protobuf-java reads an empty field. Then one empty series, read and refused.
    byte[] request = {0x22, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0xdd, (byte) 0xbf, 0x6e, 0x0a, 0x00};
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V1, request);
    assertThat(summary.refused().byReason()).isEqualTo(Map.of(RejectReason.NO_LABELS, 1L));
    assertThat(ReferenceRules.comparable(summary)).isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V1, request));
    // Low 32 bits that make a negative int32 are refused, as protobuf-java refuses a negative size.
    byte[] negative = {0x22, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertThat(ReferenceRules.apply(RemoteWriteVersion.V1, negative)).isNull();
    assertRejected(RemoteWriteVersion.V1, negative, "invalid_protobuf", "runs past the end");
  }

  @Test
  void aVarintWhoseTenthByteSaysMoreIsRefused() {
    // Field 544, a varint of ten bytes each with its continuation bit set (found by the fuzzer):
    // a varint has at most ten. (protobuf-java 4.36.2 parses it from a byte array: its fast path misses it.)
    byte[] request = {(byte) 0x80, 0x22, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0xdd, (byte) 0x80, (byte) 0xf4,
        (byte) 0x80, (byte) 0xbf, (byte) 0xdd, (byte) 0xbf, 0x0a, 0x00};
    assertRejected(RemoteWriteVersion.V1, request, "invalid_protobuf", "varint longer than 10 bytes");
  }

  @Test
  void anIntegerHistogramReadsItsZeroCountAsAnIntegerAsProtobufJavaDoes() {
    // zero_count_int 34 then zero_count_float 0.5 (found by the fuzzer): the oneof keeps the float, so
    // this histogram of count 0 (an integer one) holds nothing in its zero bucket; nor does one of -0.5.
    byte[] zeroInt = RemoteWriteV1.Histogram.newBuilder().setZeroCountInt(34).build().toByteArray();
    byte[] zeroFloat = RemoteWriteV1.Histogram.newBuilder().setZeroCountFloat(0.5).build().toByteArray();
    byte[] negativeZeroFloat = RemoteWriteV1.Histogram.newBuilder().setZeroCountFloat(-0.5).build().toByteArray();
    for (byte[] histogram : List.of(concat(zeroInt, zeroFloat), negativeZeroFloat)) {
      assertOneSeriesWithThisHistogramIsAccepted(histogram);
    }
  }

  @Test
  void anEmptyPackedListOfCustomBoundsHoldsNoBound() {
    // custom_values (field 16) packed with length 0 (found by the fuzzer): valid protobuf, no bound.
    assertOneSeriesWithThisHistogramIsAccepted(concat(RemoteWriteV1.Histogram.newBuilder().setSchema(-53).build().toByteArray(),
        bytes(0x82, 0x01, 0x00)));
  }

  /** A 1.0 request of one series named h holding the histogram: taken, as one histogram, by the decoder and the rules alike. */
  private static void assertOneSeriesWithThisHistogramIsAccepted(byte[] histogram) {
    byte[] series = concat(label(1, "__name__", 2, "h"), bytes(0x22), varint(histogram.length), histogram);
    byte[] request = concat(bytes(0x0a), varint(series.length), series);
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V1, request);
    assertThat(summary).isEqualTo(WriteSummary.accepted(RemoteWriteVersion.V1, 1, 0, 0, 1, 0));
    assertThat(ReferenceRules.comparable(summary)).isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V1, request));
  }

  @Test
  void unknownFieldsAreIgnoredAsProtobufRequires() {
    // A v1 request with one empty series, followed by field 15 (varint 1), which no version defines.
    byte[] withUnknownField = {0x0a, 0x00, 0x78, 0x01};
    WriteSummary summary = WireDecoder.decode(RemoteWriteVersion.V1, withUnknownField);
    assertThat(summary.refused().byReason()).containsEntry(RejectReason.NO_LABELS, 1L); // read, then refused: no labels
  }

  @Test
  void emptyRequestIsValidAndCountsNothing() {
    assertThat(WireDecoder.decode(RemoteWriteVersion.V1, new byte[0]))
        .isEqualTo(WriteSummary.accepted(RemoteWriteVersion.V1, 0, 0, 0, 0, 0));
  }

  @Test
  void v2CountsMatchTheReferenceRulesForManyShapes() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 200; i++) {
      RemoteWriteV2.Request request = RemoteWrite2.request(random.nextInt(20), random.nextInt(5), random.nextInt(3),
          random.nextInt(3));
      byte[] bytes = request.toByteArray();
      assertThat(ReferenceRules.comparable(WireDecoder.decode(RemoteWriteVersion.V2, bytes)))
          .isEqualTo(ReferenceRules.apply(RemoteWriteVersion.V2, bytes));
    }
  }

  @Test
  void v1FixturesReEncodedWithUnpackedAndPackedFieldsCountTheSame() throws Exception {
    for (Fixtures.Body body : Fixtures.bodies()) {
      byte[] decoded = Snappy.uncompress(body.bytes());
      RemoteWriteV1.WriteRequest parsed = RemoteWriteV1.WriteRequest.parseFrom(decoded);
      // Round trip through the generated classes: same bytes in a canonical order.
      assertThat(WireDecoder.decode(RemoteWriteVersion.V1, parsed.toByteArray()))
          .isEqualTo(WireDecoder.decode(RemoteWriteVersion.V1, decoded));
    }
  }

  @Test
  void invalidUtf8InAV2SymbolIs400() {
    // Request{symbols: "", symbols: <0xc3 0x28>}
    byte[] bad = {0x22, 0x00, 0x22, 0x02, (byte) 0xc3, 0x28};
    assertRejected(RemoteWriteVersion.V2, bad, "invalid_protobuf", "UTF-8");
  }

  @Test
  void validMultiByteUtf8IsAccepted() {
    RemoteWriteV1.WriteRequest request = RemoteWriteV1.WriteRequest.newBuilder()
        .addTimeseries(RemoteWriteV1.TimeSeries.newBuilder().addLabels(
            RemoteWriteV1.Label.newBuilder().setName("__name__").setValue("up")).addLabels(
            RemoteWriteV1.Label.newBuilder().setName("city").setValue("Zürich 東京 🚀")))
        .build();
    assertThat(WireDecoder.decode(RemoteWriteVersion.V1, request.toByteArray()).series()).isEqualTo(1);
  }

  @Test
  void groupsAreSkippedAndUnbalancedGroupsAre400() {
    // Field 15 as a group (start 0x7b, end 0x7c), then an empty series.
    assertThat(WireDecoder.decode(RemoteWriteVersion.V1, new byte[] {0x7b, 0x7c, 0x0a, 0x00}).refused().series()).isEqualTo(1);
    assertRejected(RemoteWriteVersion.V1, new byte[] {0x7b, 0x0a, 0x00}, "invalid_protobuf", "1.0");
  }

  private static void assertRefused(RemoteWriteVersion version, byte[] bytes, long accepted, RejectReason reason,
      String mentions) {
    WriteSummary summary = WireDecoder.decode(version, bytes);
    assertThat(summary.series()).isEqualTo(accepted);
    assertThat(summary.refused().first()).isEqualTo(reason);
    assertThat(summary.refused().series()).isEqualTo(1);
    assertThat(summary.refused().firstProblem()).contains(mentions).doesNotContain("\n");
    assertThat(ReferenceRules.comparable(summary)).isEqualTo(ReferenceRules.apply(version, bytes));
  }


  private static void assertRejected(RemoteWriteVersion version, byte[] bytes, String reason, String mentions) {
    assertThatThrownBy(() -> WireDecoder.decode(version, bytes))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(mentions).doesNotContain("\n");
        });
  }
}
