package dev.o11y.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Utf8.isValid against the JDK's own strict decoder, on every range of many random arrays. */
class Utf8Test {

  @Test
  void agreesWithTheJdkDecoderOnEveryRange() {
    Random random = new Random(42); // fixed: a failure must reproduce
    byte[][] alphabet = {
        "a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8),
        "€".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
        {(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff}};
    for (int n = 0; n < 2000; n++) {
      ByteBuffer out = ByteBuffer.allocate(64);
      while (out.position() < 40) {
        // Mostly ASCII, as labels are, so that words of eight ASCII bytes occur.
        byte[] piece = alphabet[random.nextInt(10) < 7 ? 0 : random.nextInt(alphabet.length)];
        out.put(piece);
      }
      byte[] bytes = Arrays.copyOf(out.array(), out.position());
      for (int from = 0; from <= bytes.length; from += 1 + random.nextInt(5)) {
        for (int to = from; to <= bytes.length; to++) {
          assertThat(Utf8.isValid(bytes, from, to)).as("bytes %s..%s of %s", from, to, HexFormat.of().formatHex(bytes))
              .isEqualTo(jdkAccepts(bytes, from, to));
        }
      }
    }
  }

  @Test
  void bytesPastTheEndOfTheRangeDoNotCount() {
    byte[] asciiThenInvalid = {'j', 'o', 'b', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThat(Utf8.isValid(asciiThenInvalid, 0, 3)).isTrue();
    byte[] invalidThenAscii = {'j', 'o', (byte) 0xff, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
    assertThat(Utf8.isValid(invalidThenAscii, 0, 3)).isFalse();
  }

  private static boolean jdkAccepts(byte[] bytes, int from, int to) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
