package dev.o11y.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class SnappyDecoderTest {

  private final SnappyDecoder decoder = new SnappyDecoder(1 << 20);

  @Test
  void roundTrips() throws Exception {
    byte[] plain = "remote write, remote write, remote write".repeat(100).getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(Snappy.compress(plain))).isEqualTo(plain);
  }

  @Test
  void corruptInputIs400() {
    byte[] garbage = {0x10, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
    assertRejected(garbage, 400, "corrupt_snappy");
  }

  @Test
  void truncatedInputIs400() throws Exception {
    byte[] compressed = Snappy.compress(new byte[5000]);
    assertRejected(Arrays.copyOf(compressed, compressed.length / 2), 400, "corrupt_snappy");
  }

  @Test
  void emptyBodyIs400() {
    assertRejected(new byte[0], 400, "corrupt_snappy");
  }

  @Test
  void bombIsRefusedFromItsHeaderBeforeAllocating() {
    // Six bytes that declare a 2 GiB - 1 output: the varint 0xFFFFFFFF7 header, then a tiny literal.
    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};
    assertRejected(bomb, 413, "decoded_too_large");
  }

  @Test
  void decodedLengthJustOverTheLimitIs413() throws Exception {
    SnappyDecoder small = new SnappyDecoder(1000);
    assertThat(small.decode(Snappy.compress(new byte[1000]))).hasSize(1000);
    assertThatThrownBy(() -> small.decode(Snappy.compress(new byte[1001])))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void hugeVarintHeaderIs400Or413NeverACrash() {
    byte[] tooLong = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    assertThatThrownBy(() -> decoder.decode(tooLong))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> assertThat(e.status()).isIn(400, 413));
  }

  private void assertRejected(byte[] body, int status, String reason) {
    assertThatThrownBy(() -> decoder.decode(body))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        });
  }
}
