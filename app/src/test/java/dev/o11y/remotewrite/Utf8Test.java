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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** The sequences the JDK's strict decoder refuses or takes at their edges, written out by hand. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "'', true", "41, true", "7f, true", "c280, true", "dfbf, true", "e0a080, true", "efbfbf, true",
      "ed9fbf, true", "ee8080, true", "f0908080, true", "f48fbfbf, true",
      "80, false", "bf, false", "c0af, false", "c1bf, false", "e080af, false", "e09fbf, false",
      "f08080af, false", "f08fbfbf, false", "eda080, false", "edbfbf, false", "f4908080, false",
      "f5808080, false", "f8, false", "ff, false", "c2, false", "e282, false", "f09f98, false",
      "c241, false", "e228a1, false", "f09f2880, false"})
  void edgeCasesAtEveryOffsetInsideAnyNeighbours(String hex, boolean valid) {
    byte[] text = HexFormat.of().parseHex(hex);
    // Eight bytes either side, ASCII or not: the words the validator reads reach into them.
    for (byte neighbour : new byte[] {'x', (byte) 0xff, (byte) 0x80}) {
      for (int before = 0; before <= 8; before++) {
        for (int after = 0; after <= 8; after++) {
          byte[] array = new byte[before + text.length + after];
          Arrays.fill(array, neighbour);
          System.arraycopy(text, 0, array, before, text.length);
          assertThat(Utf8.isValid(array, before, before + text.length))
              .as("%s with %d and %d bytes of %02x around it", hex, before, after, neighbour).isEqualTo(valid);
          byte[] longer = Arrays.copyOf("validated_label_".getBytes(StandardCharsets.UTF_8), 16 + array.length);
          System.arraycopy(array, 0, longer, 16, array.length);
          assertThat(Utf8.isValid(longer, 0, 16 + before + text.length))
              .as("%s after 16 ASCII bytes", hex).isEqualTo(valid && (before == 0 || neighbour == 'x'));
        }
      }
    }
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
