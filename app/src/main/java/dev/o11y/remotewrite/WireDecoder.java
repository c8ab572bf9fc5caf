package dev.o11y.remotewrite;

/**
 * Unmarshals, validates and counts a remote-write request in one walk over the wire format,
 * without building message objects: the receiver only needs counts, and this is several
 * times faster than a full parse. It checks what a full parse checks (bounds, varints,
 * UTF-8 strings), the 2.0 symbol references, and the rules of docs/remote-write-rules.md,
 * the same code for both versions wherever their specs agree. A request that is not
 * well-formed protobuf is refused whole; a series that breaks a rule is refused alone.
 * Field numbers are those of the .proto files.
 */
public final class WireDecoder {

  private WireDecoder() {}

  public static WriteSummary decode(RemoteWriteVersion version, byte[] message) {
    return version == RemoteWriteVersion.V1 ? decodeV1(message) : decodeV2(message);
  }

  // ---- 1.0: prometheus.WriteRequest ----

  static WriteSummary decodeV1(byte[] message) {
    WireReader request = new WireReader(message, "1.0");
    Tally tally = new Tally(RemoteWriteVersion.V1);
    LabelSet labels = new LabelSet();
    long index = 0;
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        timeSeriesV1(message, request.readMessage(), index++, labels, tally);
      } else if (tag == (3 << 3 | WireReader.LEN)) {
        utf8Strings(request.readMessage(), METADATA_V1_STRINGS);
        tally.metadata++;
      } else {
        request.skip(tag);
      }
    }
    return tally.summary();
  }

  private static void timeSeriesV1(byte[] buf, WireReader series, long index, LabelSet labels, Tally tally) {
    labels.clear();
    long samples = 0;
    long exemplars = 0;
    long histograms = 0;
    String badHistogram = null;
    while (series.hasMore()) {
      int tag = series.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.LEN -> {
          if (!series.readSimpleLabel(labels)) {
            label(series.readMessage(), labels);
          }
        }
        case 2 << 3 | WireReader.LEN -> {
          samples++;
          sample(series);
        }
        case 3 << 3 | WireReader.LEN -> {
          exemplars++;
          exemplarV1(series.readMessage());
        }
        case 4 << 3 | WireReader.LEN -> {
          histograms++;
          String problem = HistogramRules.check(series.readMessage());
          badHistogram = badHistogram != null ? badHistogram : problem;
        }
        default -> series.skip(tag);
      }
    }
    RejectReason broken = labels.check(buf);
    if (broken != null) {
      tally.refuse(broken, index, () -> labels.problem(broken, buf));
    } else if (badHistogram != null) {
      String problem = badHistogram;
      tally.refuse(RejectReason.INVALID_HISTOGRAM, index, () -> "has a histogram that " + problem);
    } else {
      tally.accept(samples, exemplars, histograms, false);
    }
  }

  /** A 1.0 label: name (1) and value (2), UTF-8 strings; the last of each wins, as in a full parse. */
  private static void label(WireReader label, LabelSet labels) {
    int nameStart = 0;
    int nameEnd = 0;
    int valueStart = 0;
    int valueEnd = 0;
    while (label.hasMore()) {
      int tag = label.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        nameStart = label.readUtf8String();
        nameEnd = label.position();
      } else if (tag == (2 << 3 | WireReader.LEN)) {
        valueStart = label.readUtf8String();
        valueEnd = label.position();
      } else {
        label.skip(tag);
      }
    }
    labels.add(label.buffer(), nameStart, nameEnd, valueStart, valueEnd);
  }

  private static void exemplarV1(WireReader exemplar) {
    while (exemplar.hasMore()) {
      int tag = exemplar.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        utf8Strings(exemplar.readMessage(), LABEL_STRINGS);
      } else {
        exemplar.skip(tag);
      }
    }
  }

  /** The string fields of a message, one bit per field number, for {@link #utf8Strings}. */
  private static final int LABEL_STRINGS = 1 << 1 | 1 << 2;                   // name, value
  private static final int METADATA_V1_STRINGS = 1 << 2 | 1 << 4 | 1 << 5;    // metric family name, help, unit

  /** Checks the message's string fields, when length-delimited, as UTF-8, and skips the rest. */
  private static void utf8Strings(WireReader message, int stringFields) {
    while (message.hasMore()) {
      int tag = message.readTag();
      int field = tag >>> 3;
      if ((tag & 7) == WireReader.LEN && field < 32 && (stringFields & 1 << field) != 0) {
        message.readUtf8String();
      } else {
        message.skip(tag);
      }
    }
  }

  // ---- 2.0: io.prometheus.write.v2.Request ----

  static WriteSummary decodeV2(byte[] message) {
    // First the symbols table, wherever it sits: every reference is checked against it.
    Symbols symbols = Symbols.read(message);
    WireReader request = new WireReader(message, "2.0");
    Tally tally = new Tally(RemoteWriteVersion.V2);
    SeriesV2 series = new SeriesV2(message, symbols);
    long index = 0;
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (5 << 3 | WireReader.LEN)) {
        series.decode(request.readMessage(), index++, tally);
      } else {
        request.skip(tag);
      }
    }
    return tally.summary();
  }

  // ---- shared by both versions ----

  /** A sample (value and timestamp): the usual shape on the fast path, any other field by field. */
  static void sample(WireReader series) {
    if (!series.skipSimpleSample()) {
      opaque(series.readMessage());
    }
  }

  /** A message of scalars only: every field must be well-formed, none needs reading. */
  private static void opaque(WireReader message) {
    while (message.hasMore()) {
      message.skip(message.readTag());
    }
  }
}
