package dev.o11y.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation of a byte range, with a fast path for ASCII (what label names mostly are).
 * Public so that the decode benchmark's validating walk checks strings exactly as we do.
 */
public final class Utf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  public static boolean isValid(byte[] b, int from, int to) {
    int i = from;
    // Eight bytes at a time while they are all ASCII (no high bit set).
    while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
      i += 8;
    }
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return false;
      }
      int code = c & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        if (i + k >= to) {
          return false;
        }
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          return false;
        }
        code = (code << 6) | (cc & 0x3f);
      }
      if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }
}
