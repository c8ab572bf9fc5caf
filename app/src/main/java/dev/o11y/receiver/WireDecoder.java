package dev.o11y.receiver;

/**
 * Unmarshals, validates and counts a remote-write request in one pass over the wire format,
 * without building message objects: the receiver only needs counts, and this is several
 * times faster than a full parse. It checks what a full parse checks (bounds, varints,
 * UTF-8 strings) plus the 2.0 symbol references. Field numbers are those of the .proto files.
 */
public final class WireDecoder {

  private WireDecoder() {}

  public static WriteSummary decode(RemoteWriteVersion version, byte[] message) {
    return version == RemoteWriteVersion.V1 ? decodeV1(message) : decodeV2(message);
  }

  // ---- 1.0: prometheus.WriteRequest ----

  static WriteSummary decodeV1(byte[] message) {
    WireReader request = new WireReader(message, "1.0");
    long series = 0;
    long[] counts = new long[3]; // samples, exemplars, histograms
    long metadata = 0;
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        series++;
        timeSeriesV1(request.readMessage(), counts);
      } else if (tag == (3 << 3 | WireReader.LEN)) {
        metadata++;
        metadataV1(request.readMessage());
      } else {
        request.skip(tag);
      }
    }
    return new WriteSummary(RemoteWriteVersion.V1, series, counts[0], counts[1], counts[2], metadata);
  }

  private static void timeSeriesV1(WireReader series, long[] counts) {
    while (series.hasMore()) {
      int tag = series.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.LEN -> {
          if (!series.skipSimpleLabel()) {
            label(series.readMessage());
          }
        }
        case 2 << 3 | WireReader.LEN -> {
          counts[0]++;
          sample(series);
        }
        case 3 << 3 | WireReader.LEN -> {
          counts[1]++;
          exemplarV1(series.readMessage());
        }
        case 4 << 3 | WireReader.LEN -> {
          counts[2]++;
          histogram(series.readMessage());
        }
        default -> series.skip(tag);
      }
    }
  }

  private static void exemplarV1(WireReader exemplar) {
    while (exemplar.hasMore()) {
      int tag = exemplar.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        label(exemplar.readMessage());
      } else {
        exemplar.skip(tag);
      }
    }
  }

  // ---- 2.0: io.prometheus.write.v2.Request ----

  /** Where a symbol reference sits; the text is built only for an error message. */
  private enum RefField { LABELS, EXEMPLAR_LABELS, HELP, UNIT }

  private static String where(RefField field, long series, long exemplar) {
    String ts = "timeseries[" + series + "]";
    return switch (field) {
      case LABELS -> ts + ".labels_refs";
      case EXEMPLAR_LABELS -> ts + ".exemplars[" + exemplar + "].labels_refs";
      case HELP -> ts + ".metadata.help_ref";
      case UNIT -> ts + ".metadata.unit_ref";
    };
  }

  /** The largest symbol reference seen, and where, to name it if it is out of range. */
  private static final class SymbolRefs {
    long max = -1;
    RefField field;
    long series;
    long exemplar;

    /** Notes one reference, read as the uint32 the wire holds, and returns it. */
    long saw(long varint, RefField field, long series, long exemplar) {
      long ref = varint & 0xffffffffL;
      if (ref > max) {
        this.max = ref;
        this.field = field;
        this.series = series;
        this.exemplar = exemplar;
      }
      return ref;
    }
  }

  static WriteSummary decodeV2(byte[] message) {
    WireReader request = new WireReader(message, "2.0");
    SymbolRefs refs = new SymbolRefs();
    long symbols = 0;
    long series = 0;
    long[] counts = new long[4]; // samples, exemplars, histograms, metadata
    while (request.hasMore()) {
      int tag = request.readTag();
      if (tag == (4 << 3 | WireReader.LEN)) {
        int length = request.readUtf8String();
        if (symbols == 0 && length != 0) {
          throw new RejectedRequest(400, "invalid_symbols", "remote write 2.0: symbols[0] must be the empty string");
        }
        symbols++;
      } else if (tag == (5 << 3 | WireReader.LEN)) {
        timeSeriesV2(request.readMessage(), series, counts, refs);
        series++;
      } else {
        request.skip(tag);
      }
    }
    // uint32 on the wire: 0xFFFFFFFF is out of range, not -1. Ref 0 is "" even with no table.
    if (refs.max >= symbols && !(refs.max == 0 && symbols == 0)) {
      throw new RejectedRequest(400, "invalid_symbol_ref", "remote write 2.0: "
          + where(refs.field, refs.series, refs.exemplar) + " references symbol " + refs.max + " but the symbols table has " + symbols + " entries");
    }
    return new WriteSummary(RemoteWriteVersion.V2, series, counts[0], counts[1], counts[2], counts[3]);
  }

  private static void timeSeriesV2(WireReader series, long index, long[] counts, SymbolRefs refs) {
    long labelRefs = 0;
    long exemplars = 0;
    long[] metadata = new long[3]; // type, help_ref, unit_ref
    while (series.hasMore()) {
      int tag = series.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.LEN -> labelRefs += packedRefs(series.readMessage(), refs, RefField.LABELS, index, 0);
        case 1 << 3 | WireReader.VARINT -> {
          refs.saw(series.readVarint(), RefField.LABELS, index, 0);
          labelRefs++;
        }
        case 2 << 3 | WireReader.LEN -> {
          counts[0]++;
          sample(series);
        }
        case 3 << 3 | WireReader.LEN -> {
          counts[2]++;
          histogram(series.readMessage());
        }
        case 4 << 3 | WireReader.LEN -> {
          exemplarV2(series.readMessage(), refs, index, exemplars);
          exemplars++;
          counts[1]++;
        }
        // Repeated occurrences merge into one metadata, the last value of each field winning.
        case 5 << 3 | WireReader.LEN -> metadataV2(series.readMessage(), refs, index, metadata);
        default -> series.skip(tag);
      }
    }
    if (metadata[0] != 0 || metadata[1] != 0 || metadata[2] != 0) {
      counts[3]++;
    }
    requireEven(labelRefs, RefField.LABELS, index, 0);
  }

  private static void exemplarV2(WireReader exemplar, SymbolRefs refs, long series, long index) {
    long labelRefs = 0;
    while (exemplar.hasMore()) {
      int tag = exemplar.readTag();
      if (tag == (1 << 3 | WireReader.LEN)) {
        labelRefs += packedRefs(exemplar.readMessage(), refs, RefField.EXEMPLAR_LABELS, series, index);
      } else if (tag == (1 << 3 | WireReader.VARINT)) {
        refs.saw(exemplar.readVarint(), RefField.EXEMPLAR_LABELS, series, index);
        labelRefs++;
      } else {
        exemplar.skip(tag);
      }
    }
    requireEven(labelRefs, RefField.EXEMPLAR_LABELS, series, index);
  }

  /** Reads type, help_ref and unit_ref into {@code fields}, over what earlier occurrences set. */
  private static void metadataV2(WireReader metadata, SymbolRefs refs, long series, long[] fields) {
    while (metadata.hasMore()) {
      int tag = metadata.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.VARINT -> fields[0] = metadata.readVarint();
        case 3 << 3 | WireReader.VARINT -> fields[1] = refs.saw(metadata.readVarint(), RefField.HELP, series, 0);
        case 4 << 3 | WireReader.VARINT -> fields[2] = refs.saw(metadata.readVarint(), RefField.UNIT, series, 0);
        default -> metadata.skip(tag);
      }
    }
  }

  private static long packedRefs(WireReader packed, SymbolRefs refs, RefField field, long series, long exemplar) {
    long n = 0;
    while (packed.hasMore()) {
      refs.saw(packed.readVarint(), field, series, exemplar);
      n++;
    }
    return n;
  }

  private static void requireEven(long refs, RefField field, long series, long exemplar) {
    if (refs % 2 != 0) {
      throw new RejectedRequest(400, "invalid_symbol_ref", "remote write 2.0: "
          + where(field, series, exemplar) + " has an odd number of references (" + refs + ")");
    }
  }

  // ---- shared by both versions ----

  /**
   * A native histogram: bucket spans must be well-formed messages, and packed deltas and
   * counts well-formed lists, as a full parse would find them.
   */
  private static void histogram(WireReader histogram) {
    while (histogram.hasMore()) {
      int tag = histogram.readTag();
      switch (tag) {
        case 8 << 3 | WireReader.LEN, 11 << 3 | WireReader.LEN -> opaque(histogram.readMessage());
        case 9 << 3 | WireReader.LEN, 12 << 3 | WireReader.LEN -> packedVarints(histogram.readMessage());
        case 10 << 3 | WireReader.LEN, 13 << 3 | WireReader.LEN, 16 << 3 | WireReader.LEN ->
            histogram.readMessage().requireMultipleOf(8, "packed doubles");
        default -> histogram.skip(tag);
      }
    }
  }

  private static void packedVarints(WireReader packed) {
    while (packed.hasMore()) {
      packed.readVarint();
    }
  }

  /** A sample (value and timestamp): the usual shape on the fast path, any other field by field. */
  private static void sample(WireReader series) {
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

  /** A label: name (1) and value (2) are strings, which must be valid UTF-8. */
  private static void label(WireReader label) {
    while (label.hasMore()) {
      int tag = label.readTag();
      if (tag == (1 << 3 | WireReader.LEN) || tag == (2 << 3 | WireReader.LEN)) {
        label.readUtf8String();
      } else {
        label.skip(tag);
      }
    }
  }

  /** 1.0 metadata: metric family name (2), help (4) and unit (5) are strings. */
  private static void metadataV1(WireReader metadata) {
    while (metadata.hasMore()) {
      int tag = metadata.readTag();
      if (tag == (2 << 3 | WireReader.LEN) || tag == (4 << 3 | WireReader.LEN) || tag == (5 << 3 | WireReader.LEN)) {
        metadata.readUtf8String();
      } else {
        metadata.skip(tag);
      }
    }
  }
}
