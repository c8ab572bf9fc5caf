package dev.o11y.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The labels of the series being decoded, as byte ranges of the request buffer (inline
 * strings in 1.0, entries of the symbols table in 2.0), and the rules both specs give them:
 * at least one label, a non-empty __name__, no empty names or values, no name twice.
 * Sorted order is what senders MUST send and receivers MAY require; it is not required here,
 * only used: sorted names are checked for duplicates in one pass, unsorted ones pairwise.
 * One instance is reused for every series of a request, so decoding allocates nothing.
 */
final class LabelSet {

  private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long METRIC_NAME_PREFIX = prefix("__name__".getBytes(StandardCharsets.US_ASCII), 0, 8);

  private int[] ranges = new int[64]; // name start, name end, value start, value end; per label
  private long[] keys = new long[16];  // each name's first eight bytes: see prefix()
  private int size;

  void clear() {
    size = 0;
  }

  /** A label read from the request (1.0): its key is taken from the name's bytes. */
  void add(byte[] buf, int nameStart, int nameEnd, int valueStart, int valueEnd) {
    int at = size * 4;
    if (at + 4 > ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    ranges[at] = nameStart;
    ranges[at + 1] = nameEnd;
    ranges[at + 2] = valueStart;
    ranges[at + 3] = valueEnd;
    keys[size] = prefix(buf, nameStart, nameEnd);
    size++;
  }

  int size() {
    return size;
  }

  /**
   * Makes room for {@code count} labels, for the 2.0 decoder to fill straight from the
   * symbols table, which knows each string's key already: {@link #ranges()} four ints per
   * label, {@link #keys()} one long per label.
   */
  void fill(int count) {
    if (count * 4 > ranges.length) {
      ranges = new int[Math.max(count * 4, ranges.length * 2)];
      keys = new long[ranges.length / 4];
    }
    size = count;
  }

  int[] ranges() {
    return ranges;
  }

  long[] keys() {
    return keys;
  }

  /**
   * The first rule the labels break, or null; {@link #problem} then says which label. The
   * order: no labels; then label by label as sent, an empty name or an empty value (an empty
   * __name__ counts as a missing one); then a name given twice; then no __name__ at all.
   */
  RejectReason check(byte[] buf) {
    if (size == 0) {
      return RejectReason.NO_LABELS;
    }
    boolean named = false;
    boolean sorted = true;
    boolean duplicate = false;
    for (int i = 0; i < size; i++) {
      int ns = ranges[i * 4];
      int ne = ranges[i * 4 + 1];
      boolean emptyValue = ranges[i * 4 + 2] == ranges[i * 4 + 3];
      if (ns == ne) {
        return RejectReason.EMPTY_LABEL_NAME;
      }
      if (ne - ns == 8 && keys[i] == METRIC_NAME_PREFIX) {
        if (emptyValue) {
          return RejectReason.MISSING_METRIC_NAME;
        }
        named = true;
      } else if (emptyValue) {
        return RejectReason.EMPTY_LABEL_VALUE;
      }
      if (i > 0 && sorted) {
        int order = compareNames(buf, i - 1, i);
        duplicate |= order == 0;
        sorted = order <= 0;
      }
    }
    if (duplicate || (!sorted && firstDuplicate(buf) >= 0)) {
      return RejectReason.DUPLICATE_LABEL_NAME;
    }
    return named ? null : RejectReason.MISSING_METRIC_NAME;
  }

  /** What {@link #check} found, in words, for the one-line answer to the sender. */
  String problem(RejectReason reason, byte[] buf) {
    return switch (reason) {
      case NO_LABELS -> "has no labels";
      case MISSING_METRIC_NAME -> "has no __name__ label, or an empty one: " + describe(buf);
      case EMPTY_LABEL_NAME -> "has a label with an empty name: " + describe(buf);
      case EMPTY_LABEL_VALUE -> "has a label with an empty value: " + describe(buf);
      case DUPLICATE_LABEL_NAME -> "has the label " + text(buf, firstDuplicateName(buf)) + " twice: " + describe(buf);
      default -> reason.label();
    };
  }

  private int firstDuplicateName(byte[] buf) {
    int i = firstDuplicate(buf);
    return i >= 0 ? i : 0;
  }

  /** The index of a label whose name an earlier label has, or -1. */
  private int firstDuplicate(byte[] buf) {
    for (int i = 1; i < size; i++) {
      for (int j = 0; j < i; j++) {
        if (compareNames(buf, j, i) == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Byte order of two names. Label names are short: most differ in their first eight bytes,
   * compared as one unsigned long; only longer names with equal prefixes are compared in full.
   */
  private int compareNames(byte[] buf, int a, int b) {
    int as = ranges[a * 4];
    int ae = ranges[a * 4 + 1];
    int bs = ranges[b * 4];
    int be = ranges[b * 4 + 1];
    int order = Long.compareUnsigned(keys[a], keys[b]);
    if (order != 0) {
      return order;
    }
    if (ae - as <= 8 && be - bs <= 8) {
      return Integer.compare(ae - as, be - bs);
    }
    return Arrays.compareUnsigned(buf, as, ae, buf, bs, be);
  }

  /** The first eight bytes of a string, big-endian, padded with zero bytes: its sort key. */
  static long prefix(byte[] buf, int start, int end) {
    int n = Math.min(8, end - start);
    if (n == 0) {
      return 0;
    }
    if (start + 8 <= buf.length) {
      return (long) BIG_ENDIAN_LONGS.get(buf, start) & (-1L << (64 - 8 * n));
    }
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | (i < n ? buf[start + i] & 0xff : 0);
    }
    return value;
  }


  private String text(byte[] buf, int label) {
    return new String(buf, ranges[label * 4], ranges[label * 4 + 1] - ranges[label * 4], StandardCharsets.UTF_8);
  }

  /** {name="value", ...}, cut short for very long label sets. */
  private String describe(byte[] buf) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < size && out.length() < 200; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(text(buf, i)).append("=\"")
          .append(new String(buf, ranges[i * 4 + 2], ranges[i * 4 + 3] - ranges[i * 4 + 2], StandardCharsets.UTF_8))
          .append('"');
    }
    return out.append(out.length() >= 200 ? ", ...}" : "}").toString();
  }
}
