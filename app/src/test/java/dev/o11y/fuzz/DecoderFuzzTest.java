package dev.o11y.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.o11y.remotewrite.RejectedRequest;
import dev.o11y.remotewrite.RemoteWriteVersion;
import dev.o11y.remotewrite.SnappyDecoder;
import dev.o11y.remotewrite.WireDecoder;
import dev.o11y.remotewrite.WriteSummary;
import dev.o11y.support.ReferenceRules;

/**
 * Fuzzes the decode path with Jazzer, seeded with the fixtures: any input either decodes or
 * is refused with a 4xx, never another exception, and what decodes comes out exactly as the
 * rules written the plain way on protobuf-java's objects say ({@link ReferenceRules}):
 * the same counts, the same refusals by reason, the same first reason. What the decoder
 * refuses whole, the rules refuse whole too.
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
        // Refused whole: protobuf-java cannot parse it, or (2.0) its symbols[0] is not "".
        assertThat(ReferenceRules.apply(version, input))
            .as("protobuf-java takes what the decoder refused whole (%s)", refused.getMessage()).isNull();
        continue;
      }
      WriteSummary expected = ReferenceRules.apply(version, input);
      assertThat(expected).as("protobuf-java refuses what the decoder took").isNotNull();
      assertThat(ReferenceRules.comparable(summary)).isEqualTo(expected);
    }
    // The same bytes as a snappy body: bounded, and refused with 400 or 413 when bad.
    try {
      assertThat(SNAPPY.decode(input).length).isLessThanOrEqualTo(1 << 20);
    } catch (RejectedRequest refused) {
      assertThat(refused.status()).isIn(400, 413);
    }
  }

}
