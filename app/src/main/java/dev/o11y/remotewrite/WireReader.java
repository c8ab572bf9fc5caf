package dev.o11y.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A minimal protobuf wire-format reader over a byte array: varints, lengths and skips, with
 * every bound checked. It allocates nothing, which is what makes the decode path fast.
 */
final class WireReader {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;
  private static final int MAX_GROUP_DEPTH = 100;

  private final byte[] buf;
  private final String what;
  private int pos;
  private final int limit;

  WireReader(byte[] buf, String what) {
    this(buf, 0, buf.length, what);
  }

  private WireReader(byte[] buf, int pos, int limit, String what) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
    this.what = what;
  }

  boolean hasMore() {
    return pos < limit;
  }

  int readTag() {
    // A tag is the varint's low 32 bits, as protobuf-java reads it (readRawVarint32): bits
    // past them are dropped, not refused. Field 0 is invalid, whatever the dropped bits were.
    long varint = readVarint();
    int tag = (int) varint;
    if (tag >>> 3 == 0) {
      throw malformed("invalid tag " + Long.toUnsignedString(varint));
    }
    return tag;
  }

  long readVarint() {
    // Most tags, lengths and small values fit in one byte: no loop for them.
    if (pos < limit && buf[pos] >= 0) {
      return buf[pos++];
    }
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("truncated varint");
      }
      byte b = buf[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  /** Reads a length prefix and returns a reader over exactly that many following bytes. */
  WireReader readMessage() {
    int length = readLength();
    WireReader sub = new WireReader(buf, pos, pos + length, what);
    pos += length;
    return sub;
  }

  /**
   * Fast path for the label almost every sender writes: a message under 128 bytes holding
   * field 1 (name) then field 2 (value), each under 128 bytes and valid UTF-8. Read straight
   * from the bytes, without a nested reader, into {@code labels}. Returns false, having
   * consumed nothing, for any other shape, which the general path then reads (and rejects,
   * if it must).
   */
  boolean readSimpleLabel(LabelSet labels) {
    int p = pos;
    int end = shortMessageEnd(4);
    if (end < 0 || buf[p + 1] != (1 << 3 | LEN)) {
      return false;
    }
    int nameLength = buf[p + 2];
    int value = p + 3 + nameLength;
    if (nameLength < 0 || value + 2 > end || buf[value] != (2 << 3 | LEN)) {
      return false;
    }
    int valueLength = buf[value + 1];
    // Name and value in one check: the two bytes between them (the value's tag and length)
    // are ASCII, and no UTF-8 character spans an ASCII byte, so the whole range is valid
    // exactly when both strings are.
    if (valueLength < 0 || value + 2 + valueLength != end || !Utf8.isValid(buf, p + 3, end)) {
      return false;
    }
    labels.add(buf, p + 3, value, value + 2, end);
    pos = end;
    return true;
  }

  /**
   * A packed repeated uint32 (2.0 label references), appended to {@code out}. One-byte
   * varints, the usual case for a small symbols table, are read without a call; each value
   * keeps its low 32 bits, as protobuf-java reads a uint32.
   */
  void readPackedUint32(IntList out) {
    int length = readLength();
    int end = pos + length;
    int p = pos;
    while (p < end) {
      byte b = buf[p++];
      if (b >= 0) {
        out.add(b);
        continue;
      }
      // A longer varint, read in place: bytes past the fifth carry bits a uint32 drops.
      long value = b & 0x7f;
      int shift = 7;
      while (true) {
        if (p >= end) {
          pos = p;
          throw malformed("truncated varint");
        }
        b = buf[p++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          break;
        }
        shift += 7;
        if (shift >= 70) {
          pos = p;
          throw malformed("varint longer than 10 bytes");
        }
      }
      out.add((int) value);
    }
    pos = p;
  }

  /**
   * Fast path for the usual sample: a message under 128 bytes holding field 1 (value, a
   * double) then field 2 (timestamp, a varint) and nothing else. Same contract as above.
   */
  boolean skipSimpleSample() {
    int p = pos;
    int end = shortMessageEnd(11);
    if (end < 0 || buf[p + 1] != (1 << 3 | FIXED64) || buf[p + 10] != (2 << 3 | VARINT)) {
      return false;
    }
    // The timestamp varint must end exactly at the end of the message.
    for (int i = p + 11; i < end; i++) {
      if (buf[i] >= 0) {
        if (i + 1 != end || i - (p + 11) >= 10) {
          return false;
        }
        pos = end;
        return true;
      }
    }
    return false;
  }

  /**
   * Fast path for 2.0 metadata as senders write it: a message under 128 bytes of varint fields
   * 1 (type), 3 (help_ref) and 4 (unit_ref), each at most once, in that order. Reads them into
   * {@code fields} (type, help_ref, unit_ref), over what is there, as a merge would. Returns
   * false, having consumed nothing, for any other shape.
   */
  boolean readSimpleMetadata(long[] fields) {
    int p = pos;
    int end = shortMessageEnd(0);
    if (end < 0) {
      return false;
    }
    long type = fields[0];
    long help = fields[1];
    long unit = fields[2];
    int i = p + 1;
    int last = 0;
    while (i < end) {
      int tag = buf[i++];
      int field = tag >>> 3;
      if ((tag & 7) != VARINT || field <= last || (field != 1 && field != 3 && field != 4)) {
        return false;
      }
      long value = 0;
      int shift = 0;
      while (true) {
        if (i >= end || shift > 28) {
          return false; // truncated, or longer than a uint32: the general path decides
        }
        byte b = buf[i++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          break;
        }
        shift += 7;
      }
      last = field;
      if (field == 1) {
        type = (int) value;
      } else if (field == 3) {
        help = value & 0xffffffffL;
      } else {
        unit = value & 0xffffffffL;
      }
    }
    fields[0] = type;
    fields[1] = help;
    fields[2] = unit;
    pos = end;
    return true;
  }

  /**
   * Where the length-delimited message at the reader's position ends, if its length fits in
   * one byte (under 128), is at least minLength and stays inside this message; otherwise -1.
   */
  private int shortMessageEnd(int minLength) {
    if (pos >= limit || buf[pos] < minLength) { // a length of 128 or more reads as negative
      return -1;
    }
    int end = pos + 1 + buf[pos];
    return end <= limit ? end : -1;
  }

  /**
   * Reads a length-delimited string and checks that it is valid UTF-8, as proto3 requires.
   * Returns where the string starts; it ends at {@link #position()}.
   */
  int readUtf8String() {
    int length = readLength();
    int start = pos;
    if (!Utf8.isValid(buf, start, start + length)) {
      throw malformed("string is not valid UTF-8");
    }
    pos += length;
    return start;
  }

  int position() {
    return pos;
  }

  byte[] buffer() {
    return buf;
  }

  /** A fixed64 read as a double (little-endian, as protobuf writes it). */
  double readDouble() {
    if (limit - pos < 8) {
      throw malformed("double runs past the end of the message");
    }
    long bits = (long) LONGS.get(buf, pos);
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  private int readLength() {
    // A length is an int32, the varint's low 32 bits, as protobuf-java reads it (readRawVarint32).
    long varint = readVarint();
    int length = (int) varint;
    if (length < 0 || length > limit - pos) {
      throw malformed("length " + Long.toUnsignedString(varint) + " runs past the end of the message");
    }
    return length;
  }

  void skip(int tag) {
    switch (tag & 7) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LEN -> advance(readLength());
      case FIXED32 -> advance(4);
      case START_GROUP -> skipGroup(tag >>> 3);
      default -> throw malformed("unexpected wire type " + (tag & 7));
    }
  }

  /** Groups are obsolete but legal: skip to the matching end, without recursion. */
  private void skipGroup(int field) {
    int depth = 1;
    int[] open = new int[MAX_GROUP_DEPTH + 1];
    open[0] = field;
    while (depth > 0) {
      int tag = readTag();
      int type = tag & 7;
      if (type == START_GROUP) {
        if (depth == MAX_GROUP_DEPTH) {
          throw malformed("groups nested deeper than " + MAX_GROUP_DEPTH);
        }
        open[depth++] = tag >>> 3;
      } else if (type == END_GROUP) {
        if (open[--depth] != tag >>> 3) {
          throw malformed("mismatched end of group");
        }
      } else {
        skip(tag);
      }
    }
  }

  /** For packed fixed-width lists: the bytes must hold whole elements. */
  void requireMultipleOf(int width, String what) {
    if ((limit - pos) % width != 0) {
      throw malformed(what + " of " + (limit - pos) + " bytes is not a whole number of elements");
    }
  }

  private void advance(int n) {
    if (n > limit - pos) {
      throw malformed("field runs past the end of the message");
    }
    pos += n;
  }

  RejectedRequest malformed(String problem) {
    return new RejectedRequest(RejectReason.INVALID_PROTOBUF,
        "protobuf: cannot unmarshal " + what + " request: " + problem + " at byte " + pos);
  }
}
