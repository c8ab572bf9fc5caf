package dev.o11y.remotewrite;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy block decoding with a bound: the decoded length that the body declares is checked
 * before a single byte is allocated for it, so a small "decompression bomb" costs nothing.
 */
public final class SnappyDecoder {

  private final long maxDecodedBytes;

  public SnappyDecoder(long maxDecodedBytes) {
    this.maxDecodedBytes = maxDecodedBytes;
  }

  public byte[] decode(byte[] compressed) {
    long declared = decodedLength(compressed);
    byte[] decoded = new byte[(int) declared];
    int written;
    try {
      written = Snappy.uncompress(compressed, 0, compressed.length, decoded, 0);
    } catch (IOException | RuntimeException e) {
      throw new RejectedRequest(RejectReason.CORRUPT_SNAPPY, "snappy: corrupt input", e);
    }
    if (written != declared) {
      throw new RejectedRequest(RejectReason.CORRUPT_SNAPPY,
          "snappy: corrupt input: decoded " + written + " bytes, header declared " + declared);
    }
    return decoded;
  }

  // region: snappy-length-check
  /** The decoded length the body declares, refused if over the limit, before anything is allocated. */
  public long decodedLength(byte[] compressed) {
    if (compressed.length == 0) {
      throw new RejectedRequest(RejectReason.CORRUPT_SNAPPY, "snappy: empty body");
    }
    long declared = declaredLength(compressed);
    if (declared > maxDecodedBytes) {
      throw new RejectedRequest(RejectReason.DECODED_TOO_LARGE,
          "snappy: decoded length " + declared + " bytes exceeds the limit of " + maxDecodedBytes + " bytes");
    }
    return declared;
  }
  // endregion

  /**
   * The snappy block format starts with the decoded length as a little-endian varint of at
   * most five bytes (a uint32). Read here, in Java, so that no native code sees a bomb.
   */
  static long declaredLength(byte[] compressed) {
    long length = 0;
    for (int i = 0; i < 5 && i < compressed.length; i++) {
      int b = compressed[i] & 0xff;
      length |= (long) (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        return length;
      }
    }
    throw new RejectedRequest(RejectReason.CORRUPT_SNAPPY, "snappy: corrupt input: malformed length header");
  }
}
