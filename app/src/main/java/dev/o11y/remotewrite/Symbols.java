package dev.o11y.remotewrite;

import java.util.Arrays;

/**
 * The 2.0 symbols table: where each string sits in the request buffer. Read in a first pass
 * over the request's top-level fields, so that references are checked against the whole
 * table whatever the field order. Every symbol is UTF-8 checked once, here.
 */
final class Symbols {

  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private long[] keys = new long[256]; // LabelSet's sort key of each string, read once here
  private int size;

  static Symbols read(byte[] message) {
    Symbols symbols = new Symbols();
    WireReader request = new WireReader(message, "2.0");
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (4 << 3 | WireReader.LEN)) {
        int start = request.readUtf8String();
        symbols.add(start, request.position(), LabelSet.prefix(message, start, request.position()));
      } else {
        request.skip(tag);
      }
    }
    if (symbols.size > 0 && symbols.ends[0] != symbols.starts[0]) {
      throw new RejectedRequest(RejectReason.INVALID_SYMBOLS, "remote write 2.0: symbols[0] must be the empty string");
    }
    return symbols;
  }

  private void add(int start, int end, long key) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      keys = Arrays.copyOf(keys, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    keys[size] = key;
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
    int pairs = refs.size() / 2;
    labels.fill(pairs);
    int[] out = labels.ranges();
    long[] outKeys = labels.keys();
    for (int p = 0; p < pairs; p++) {
      int name = r[2 * p];
      int value = r[2 * p + 1];
      if (Integer.compareUnsigned(name, size) >= 0 || Integer.compareUnsigned(value, size) >= 0) {
        if (name != 0 && Integer.compareUnsigned(name, size) >= 0) {
          return Integer.toUnsignedLong(name);
        }
        if (value != 0 && Integer.compareUnsigned(value, size) >= 0) {
          return Integer.toUnsignedLong(value);
        }
        // Only ref 0 with no table ("") gets here.
        out[4 * p] = start(name);
        out[4 * p + 1] = end(name);
        out[4 * p + 2] = start(value);
        out[4 * p + 3] = end(value);
        outKeys[p] = name < size ? keys[name] : 0;
        continue;
      }
      out[4 * p] = starts[name];
      out[4 * p + 1] = ends[name];
      out[4 * p + 2] = starts[value];
      out[4 * p + 3] = ends[value];
      outKeys[p] = keys[name];
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
