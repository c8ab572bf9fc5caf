package dev.o11y.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation of a byte range. Label names and values are nearly always ASCII and mostly
 * shorter than 16 bytes, so the common case is a check of one or two eight-byte words, with no
 * loop over single bytes; only a range with a byte of 0x80 or above goes byte by byte, from
 * that byte on. Public so that the decode benchmark's validating walk checks strings as we do.
 */
public final class Utf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  public static boolean isValid(byte[] b, int from, int to) {
    int length = to - from;
    if (length < 8) {
      return length <= 0 || (shortRange(b, from, to, length) & HIGH_BITS) == 0 || multiByte(b, from, to);
    }
    int i = from;
    for (int lastWord = to - 8; i < lastWord; i += 8) {
      if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) {
        return multiByte(b, i, to);
      }
    }
    // The last eight bytes, overlapping what the loop read, so that no tail is left over.
    return ((long) LONGS.get(b, to - 8) & HIGH_BITS) == 0 || multiByte(b, i, to);
  }

  /**
   * The 1 to 7 bytes of a short range as one word, in its low bytes, the rest zero. It reads
   * a word that starts (or ends) with the range, inside the array; bytes outside the range
   * are shifted or masked away.
   */
  private static long shortRange(byte[] b, int from, int to, int length) {
    int outside = (8 - length) << 3;
    if (from + 8 <= b.length) {
      return (long) LONGS.get(b, from) & (-1L >>> outside);
    }
    if (to >= 8) {
      return (long) LONGS.get(b, to - 8) >>> outside;
    }
    long word = 0; // an array shorter than eight bytes
    for (int i = from; i < to; i++) {
      word |= b[i] & 0xff;
    }
    return word;
  }

  /**
   * Byte by byte from {@code i}, which starts a character. Compares signed bytes, in which
   * continuation bytes (0x80-0xBF) are the smallest values, -128 to -65. Refuses what the
   * JDK's strict decoder refuses: overlong forms, surrogates, code points past U+10FFFF and
   * sequences cut short by the end of the range.
   */
  private static boolean multiByte(byte[] b, int i, int to) {
    while (i < to) {
      int lead = b[i++];
      if (lead >= 0) {
        continue;
      }
      if (lead < (byte) 0xe0) { // two bytes: C2-DF (C0 and C1 would be overlong)
        if (lead < (byte) 0xc2 || i >= to || b[i++] > (byte) 0xbf) {
          return false;
        }
      } else if (lead < (byte) 0xf0) { // three bytes: E0 A0-BF (not overlong), ED 80-9F (no surrogates)
        if (i + 1 >= to) {
          return false;
        }
        int second = b[i++];
        if (second > (byte) 0xbf || lead == (byte) 0xe0 && second < (byte) 0xa0
            || lead == (byte) 0xed && second >= (byte) 0xa0 || b[i++] > (byte) 0xbf) {
          return false;
        }
      } else { // four bytes: F0 90-BF (not overlong) to F4 80-8F (up to U+10FFFF)
        if (i + 2 >= to) {
          return false;
        }
        int second = b[i++];
        if (lead > (byte) 0xf4 || second > (byte) 0xbf || lead == (byte) 0xf0 && second < (byte) 0x90
            || lead == (byte) 0xf4 && second >= (byte) 0x90 || b[i++] > (byte) 0xbf || b[i++] > (byte) 0xbf) {
          return false;
        }
      }
    }
    return true;
  }
}
