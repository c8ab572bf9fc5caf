package dev.o11y.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.o11y.receiver.RejectedRequest;
import dev.o11y.receiver.RemoteWriteVersion;
import dev.o11y.receiver.SnappyDecoder;
import dev.o11y.receiver.WireDecoder;
import dev.o11y.receiver.WriteSummary;
import dev.o11y.receiver.wire.v1.RemoteWriteV1;
import dev.o11y.receiver.wire.v2.RemoteWriteV2;

/**
 * Fuzzes the decode path with Jazzer, seeded with the fixtures: any input either decodes or
 * is refused with a 4xx, never another exception, and what decodes counts exactly what the
 * protobuf-java classes see in the same bytes.
 */
class DecoderFuzzTest {

  private static final SnappyDecoder SNAPPY = new SnappyDecoder(1 << 20);

  @FuzzTest(maxDuration = "10s")
  void decodesOrRefusesAndCountsLikeProtobufJava(byte[] input) {
    for (RemoteWriteVersion version : RemoteWriteVersion.values()) {
      WriteSummary summary;
      try {
        summary = WireDecoder.decode(version, input);
      } catch (RejectedRequest refused) {
        assertThat(refused.status()).isEqualTo(400);
        continue;
      }
      assertThat(summary).isEqualTo(protobufJavaCounts(version, input));
    }
    // The same bytes as a snappy body: bounded, and refused with 400 or 413 when bad.
    try {
      assertThat(SNAPPY.decode(input).length).isLessThanOrEqualTo(1 << 20);
    } catch (RejectedRequest refused) {
      assertThat(refused.status()).isIn(400, 413);
    }
  }

  /** Counts with the generated classes, or null where they refuse what the decoder took. */
  private static WriteSummary protobufJavaCounts(RemoteWriteVersion version, byte[] input) {
    try {
      if (version == RemoteWriteVersion.V1) {
        RemoteWriteV1.WriteRequest request = RemoteWriteV1.WriteRequest.parseFrom(input);
        return new WriteSummary(version, request.getTimeseriesCount(),
            request.getTimeseriesList().stream().mapToLong(RemoteWriteV1.TimeSeries::getSamplesCount).sum(),
            request.getTimeseriesList().stream().mapToLong(RemoteWriteV1.TimeSeries::getExemplarsCount).sum(),
            request.getTimeseriesList().stream().mapToLong(RemoteWriteV1.TimeSeries::getHistogramsCount).sum(),
            request.getMetadataCount());
      }
      RemoteWriteV2.Request request = RemoteWriteV2.Request.parseFrom(input);
      return new WriteSummary(version, request.getTimeseriesCount(),
          request.getTimeseriesList().stream().mapToLong(RemoteWriteV2.TimeSeries::getSamplesCount).sum(),
          request.getTimeseriesList().stream().mapToLong(RemoteWriteV2.TimeSeries::getExemplarsCount).sum(),
          request.getTimeseriesList().stream().mapToLong(RemoteWriteV2.TimeSeries::getHistogramsCount).sum(),
          request.getTimeseriesList().stream().filter(DecoderFuzzTest::carriesMetadata).count());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static boolean carriesMetadata(RemoteWriteV2.TimeSeries series) {
    RemoteWriteV2.Metadata m = series.getMetadata();
    return series.hasMetadata() && (m.getTypeValue() != 0 || m.getHelpRef() != 0 || m.getUnitRef() != 0);
  }
}
