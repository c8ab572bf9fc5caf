package dev.o11y.remotewrite;

import java.util.Arrays;

/** A growable list of ints, reused across the series of a request. */
final class IntList {

  private int[] values = new int[64];
  private int size;

  void clear() {
    size = 0;
  }

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return values[i];
  }

  /** The backing array; its first {@link #size()} entries are the list. */
  int[] array() {
    return values;
  }
}
