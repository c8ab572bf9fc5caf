package dev.o11y.remotewrite;

/**
 * A native histogram sample, read and checked the way Prometheus checks one before it stores
 * it (model/histogram, Validate of Histogram and FloatHistogram, v3.16): a known schema; spans
 * that add up to the number of buckets; no negative bucket; custom bounds strictly rising and
 * only with the custom-buckets schema; and for integer histograms, a count equal to what the
 * buckets hold (at least that, when the sum is NaN). The same for both protocol versions.
 */
final class HistogramRules {

  private static final int CUSTOM_BUCKETS_SCHEMA = -53;
  private static final int SCHEMA_MIN = -4;
  private static final int SCHEMA_MAX = 52; // 9 to 52 are reduced to 8 on ingestion, as Prometheus does

  private HistogramRules() {}

  /** One side's spans (negative or positive), summed as they arrive. */
  private static final class Spans {
    int count;
    long buckets;
    long end; // index after the last bucket, to catch offsets that run past int32
    int firstOffset;
    boolean negativeOffset; // on a span after the first, where offsets are gaps

    void add(WireReader span) {
      int offset = 0;
      long length = 0;
      while (span.hasMore()) {
        int tag = span.readTag();
        if (tag == (1 << 3 | WireReader.VARINT)) {
          offset = zigZag32(span.readVarint());
        } else if (tag == (2 << 3 | WireReader.VARINT)) {
          length = span.readVarint() & 0xffffffffL;
        } else {
          span.skip(tag);
        }
      }
      if (count == 0) {
        firstOffset = offset;
      } else if (offset < 0) {
        negativeOffset = true;
      }
      count++;
      buckets += length;
      end += offset + length;
    }
  }

  /** One side's bucket counts: deltas of integers, or absolute floats. */
  private static final class Buckets {
    long count;
    long last;       // running value of the deltas
    long sum;        // observations in integer buckets
    boolean negative;
    boolean overflow;
    double floatSum;

    void delta(long zigZagged) {
      long value = last + ((zigZagged >>> 1) ^ -(zigZagged & 1));
      count++;
      last = value;
      if (value < 0) {
        negative = true;
        return;
      }
      long total = sum + value; // unsigned, as Prometheus counts observations
      overflow |= Long.compareUnsigned(total, sum) < 0;
      sum = total;
    }

    void absolute(double value) {
      count++;
      if (value < 0) {
        negative = true;
      }
      floatSum += value;
    }
  }

  /** Reads the histogram; returns what is wrong with it in words, or null when it is valid. */
  static String check(WireReader histogram) {
    boolean floatCount = false;
    long countInt = 0;
    double countFloat = 0;
    double sum = 0;
    int schema = 0;
    double zeroThreshold = 0;
    long zeroInt = 0;
    double zeroFloat = 0;
    boolean floatZero = false;
    Spans negativeSpans = new Spans();
    Spans positiveSpans = new Spans();
    Buckets negative = new Buckets();
    Buckets positive = new Buckets();
    long deltas = 0;
    long floatCounts = 0;
    long customValues = 0;
    double lastBound = Double.NEGATIVE_INFINITY;
    boolean boundsRising = true;
    boolean boundNaN = false;
    while (histogram.hasMore()) {
      int tag = histogram.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.VARINT -> {
          countInt = histogram.readVarint();
          floatCount = false;
        }
        case 2 << 3 | WireReader.FIXED64 -> {
          countFloat = histogram.readDouble();
          floatCount = true;
        }
        case 3 << 3 | WireReader.FIXED64 -> sum = histogram.readDouble();
        case 4 << 3 | WireReader.VARINT -> schema = zigZag32(histogram.readVarint());
        case 5 << 3 | WireReader.FIXED64 -> zeroThreshold = histogram.readDouble();
        // A oneof: the last of the two zero counts wins, and the other reads as 0.
        case 6 << 3 | WireReader.VARINT -> {
          zeroInt = histogram.readVarint();
          zeroFloat = 0;
          floatZero = false;
        }
        case 7 << 3 | WireReader.FIXED64 -> {
          zeroFloat = histogram.readDouble();
          zeroInt = 0;
          floatZero = true;
        }
        case 8 << 3 | WireReader.LEN -> negativeSpans.add(histogram.readMessage());
        case 11 << 3 | WireReader.LEN -> positiveSpans.add(histogram.readMessage());
        case 9 << 3 | WireReader.LEN, 12 << 3 | WireReader.LEN -> {
          Buckets side = tag >>> 3 == 9 ? negative : positive;
          WireReader packed = histogram.readMessage();
          while (packed.hasMore()) {
            side.delta(packed.readVarint());
            deltas++;
          }
        }
        case 9 << 3 | WireReader.VARINT, 12 << 3 | WireReader.VARINT -> {
          (tag >>> 3 == 9 ? negative : positive).delta(histogram.readVarint());
          deltas++;
        }
        case 10 << 3 | WireReader.LEN, 13 << 3 | WireReader.LEN -> {
          Buckets side = tag >>> 3 == 10 ? negative : positive;
          WireReader packed = histogram.readMessage();
          packed.requireMultipleOf(8, "packed doubles");
          while (packed.hasMore()) {
            side.absolute(packed.readDouble());
            floatCounts++;
          }
        }
        case 10 << 3 | WireReader.FIXED64, 13 << 3 | WireReader.FIXED64 -> {
          (tag >>> 3 == 10 ? negative : positive).absolute(histogram.readDouble());
          floatCounts++;
        }
        case 16 << 3 | WireReader.LEN, 16 << 3 | WireReader.FIXED64 -> {
          WireReader bounds = tag == (16 << 3 | WireReader.LEN) ? histogram.readMessage() : null;
          if (bounds != null) {
            bounds.requireMultipleOf(8, "packed doubles");
          }
          // Unpacked, one bound; packed, as many as the list holds, none when it is empty.
          boolean more = bounds == null || bounds.hasMore();
          while (more) {
            double bound = bounds != null ? bounds.readDouble() : histogram.readDouble();
            boundNaN |= Double.isNaN(bound);
            boundsRising &= customValues == 0 || bound > lastBound;
            lastBound = bound;
            customValues++;
            more = bounds != null && bounds.hasMore();
          }
        }
        default -> histogram.skip(tag);
      }
    }

    if (floatCount ? deltas > 0 : floatCounts > 0) {
      return floatCount ? "is a float histogram with integer bucket deltas" : "is an integer histogram with float bucket counts";
    }
    if (schema == CUSTOM_BUCKETS_SCHEMA) {
      if (boundNaN) {
        return "has a NaN custom bucket bound";
      }
      if (!boundsRising) {
        return "has custom bucket bounds that are not strictly increasing";
      }
      if (customValues > 0 && lastBound == Double.POSITIVE_INFINITY) {
        return "names +Inf as a custom bucket bound (it is implied)";
      }
      if (negativeSpans.count > 0 || negative.count > 0) {
        return "has negative buckets, which the custom-buckets schema does not allow";
      }
      if (positiveSpans.negativeOffset || positiveSpans.firstOffset < 0) {
        return "has a span with a negative offset";
      }
      if ((floatZero ? zeroFloat : zeroInt) != 0 || zeroThreshold != 0) {
        return "has a zero bucket, which the custom-buckets schema does not allow";
      }
      if (positiveSpans.buckets != positive.count) {
        return "has spans for " + positiveSpans.buckets + " buckets but " + positive.count + " bucket counts";
      }
      if (positiveSpans.end > customValues + 1) {
        return "has " + customValues + " custom bounds, too few for spans that reach bucket " + positiveSpans.end;
      }
    } else if (schema >= SCHEMA_MIN && schema <= SCHEMA_MAX) {
      if (customValues > 0) {
        return "has custom bucket bounds but exponential schema " + schema;
      }
      for (Spans spans : new Spans[] {negativeSpans, positiveSpans}) {
        if (spans.negativeOffset) {
          return "has a span after the first with a negative offset";
        }
        if (spans.firstOffset == Integer.MIN_VALUE || spans.end - 1 > Integer.MAX_VALUE) {
          return "has a span whose bucket index is out of range";
        }
      }
      if (negativeSpans.buckets != negative.count || positiveSpans.buckets != positive.count) {
        return "has spans for " + (negativeSpans.buckets + positiveSpans.buckets) + " buckets but "
            + (negative.count + positive.count) + " bucket counts";
      }
    } else {
      return "has schema " + schema + ", not -53 (custom buckets) or " + SCHEMA_MIN + " to " + SCHEMA_MAX;
    }
    // An integer histogram reads its zero count as an integer: a float one is 0 to it.
    if (negative.negative || positive.negative || (floatCount && floatZero && zeroFloat < 0)) {
      return "has a bucket with a negative count";
    }
    if (floatCount) {
      return countFloat < 0 ? "has a negative count" : null;
    }
    long both = negative.sum + positive.sum;
    long inBuckets = both + zeroInt;
    boolean overflow = negative.overflow || positive.overflow
        || Long.compareUnsigned(both, negative.sum) < 0 || Long.compareUnsigned(inBuckets, both) < 0;
    if (overflow || (Double.isNaN(sum) ? Long.compareUnsigned(inBuckets, countInt) > 0 : inBuckets != countInt)) {
      return "has count " + Long.toUnsignedString(countInt) + " but its buckets hold "
          + (overflow ? "more than 2^64" : Long.toUnsignedString(inBuckets)) + " observations";
    }
    return null;
  }

  private static int zigZag32(long varint) {
    int n = (int) varint;
    return (n >>> 1) ^ -(n & 1);
  }
}
