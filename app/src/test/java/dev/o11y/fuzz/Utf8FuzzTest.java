package dev.o11y.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.o11y.remotewrite.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Differential fuzzing of {@link Utf8#isValid} against the JDK's strict UTF-8 decoder. The
 * range sits between up to eight bytes of the fuzzer's choosing on each side, since the
 * validator reads whole words that may start or end outside the range: those bytes must
 * never change the answer.
 */
class Utf8FuzzTest {

  @FuzzTest(maxDuration = "10s")
  void agreesWithTheJdkDecoder(FuzzedDataProvider data) {
    int before = data.consumeInt(0, 8);
    int after = data.consumeInt(0, 8);
    byte[] around = data.consumeBytes(before + after);
    byte[] text = data.consumeRemainingAsBytes();
    if (around.length < before + after) {
      return; // the fuzzer's data ran out before the text began
    }
    byte[] array = new byte[before + text.length + after];
    System.arraycopy(around, 0, array, 0, before);
    System.arraycopy(text, 0, array, before, text.length);
    System.arraycopy(around, before, array, before + text.length, after);

    assertThat(Utf8.isValid(array, before, before + text.length))
        .as("%s between %d and %d bytes of %s", HexFormat.of().formatHex(text), before, after, HexFormat.of().formatHex(around))
        .isEqualTo(jdkAccepts(text));
  }

  static boolean jdkAccepts(byte[] text) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
