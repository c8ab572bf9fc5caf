package dev.o11y.receiver;

import java.util.Arrays;

/**
 * The 2.0 symbols table: where each string sits in the request buffer. Read in a first pass
 * over the request's top-level fields, so that references are checked against the whole
 * table whatever the field order. Every symbol is UTF-8 checked once, here.
 */
final class Symbols {

  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private int size;

  static Symbols read(byte[] message) {
    Symbols symbols = new Symbols();
    WireReader request = new WireReader(message, "2.0");
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (4 << 3 | WireReader.LEN)) {
        int start = request.readUtf8String();
        symbols.add(start, request.position());
      } else {
        request.skip(tag);
      }
    }
    if (symbols.size > 0 && symbols.ends[0] != symbols.starts[0]) {
      throw new RejectedRequest(RejectReason.INVALID_SYMBOLS, "remote write 2.0: symbols[0] must be the empty string");
    }
    return symbols;
  }

  private void add(int start, int end) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  int size() {
    return size;
  }

  /** Whether a reference (a uint32 on the wire) names an entry; 0 is "" even with no table. */
  boolean contains(long ref) {
    return ref < size || ref == 0;
  }

  /**
   * Resolves (name, value) reference pairs into the byte ranges of their strings. Returns the
   * first reference outside the table, or -1 when all are inside. References are uint32 on
   * the wire, so they are compared unsigned; 0 stands for "" even with no table.
   */
  long resolve(IntList refs, LabelSet labels) {
    int[] r = refs.array();
    int n = refs.size();
    int[] out = labels.fill(n / 2);
    for (int i = 0, o = 0; i < n; i++, o += 2) {
      int ref = r[i];
      if (Integer.compareUnsigned(ref, size) >= 0 && ref != 0) {
        return Integer.toUnsignedLong(ref);
      }
      if (ref < size) {
        out[o] = starts[ref];
        out[o + 1] = ends[ref];
      } else {
        out[o] = 0;
        out[o + 1] = 0;
      }
    }
    return -1;
  }

  int start(int ref) {
    return ref < size ? starts[ref] : 0;
  }

  int end(int ref) {
    return ref < size ? ends[ref] : 0;
  }
}
