package dev.o11y.remotewrite;

/**
 * One 2.0 TimeSeries, decoded and checked: every symbol reference (labels, exemplars,
 * metadata) inside the table; its labels resolved into a {@link LabelSet} for the same label
 * rules as 1.0; then the rules only 2.0 has: samples or histograms, not both, and not a series
 * with no data at all (a series of exemplars only is what Prometheus itself sends);
 * a valid histogram; exemplars with a timestamp. Reused for every series of a request.
 */
final class SeriesV2 {

  private final byte[] buf;
  private final Symbols symbols;
  private final IntList refs = new IntList();
  private final IntList exemplarRefs = new IntList();
  private final LabelSet labels = new LabelSet();
  private final long[] metadata = new long[3]; // type, help_ref, unit_ref

  SeriesV2(byte[] buf, Symbols symbols) {
    this.buf = buf;
    this.symbols = symbols;
  }

  void decode(WireReader series, long index, Tally tally) {
    refs.clear();
    long samples = 0;
    long histograms = 0;
    long exemplars = 0;
    metadata[0] = 0;
    metadata[1] = 0;
    metadata[2] = 0;
    String histogramProblem = null;
    String exemplarRefProblem = null;
    String exemplarProblem = null;
    while (series.hasMore()) {
      int tag = series.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.LEN -> series.readPackedUint32(refs);
        case 1 << 3 | WireReader.VARINT -> refs.add((int) series.readVarint());
        case 2 << 3 | WireReader.LEN -> {
          samples++;
          WireDecoder.sample(series);
        }
        case 3 << 3 | WireReader.LEN -> {
          String problem = HistogramRules.check(series.readMessage());
          if (histogramProblem == null && problem != null) {
            histogramProblem = "histograms[" + histograms + "] " + problem;
          }
          histograms++;
        }
        case 4 << 3 | WireReader.LEN -> {
          long timestamp = exemplar(series.readMessage());
          String refProblem = refsProblem(exemplarRefs, "exemplars[" + exemplars + "].labels_refs");
          if (exemplarRefProblem == null && refProblem != null) {
            exemplarRefProblem = refProblem;
          }
          if (exemplarProblem == null && timestamp == 0) {
            exemplarProblem = "exemplars[" + exemplars + "] has no timestamp";
          }
          exemplars++;
        }
        case 5 << 3 | WireReader.LEN -> {
          if (!series.readSimpleMetadata(metadata)) {
            metadata(series.readMessage());
          }
        }
        default -> series.skip(tag);
      }
    }

    // References first (labels, exemplars, metadata), then what the labels say, then the rest.
    String refProblem = resolveLabels();
    if (refProblem == null) {
      refProblem = exemplarRefProblem;
    }
    if (refProblem == null && (!symbols.contains(metadata[1]) || !symbols.contains(metadata[2]))) {
      refProblem = "metadata references symbol " + Math.max(metadata[1], metadata[2])
          + " but the symbols table has " + symbols.size() + " entries";
    }
    if (refProblem != null) {
      String problem = refProblem;
      tally.refuse(RejectReason.INVALID_SYMBOL_REF, index, () -> problem);
      return;
    }
    RejectReason broken = labels.check(buf);
    if (broken != null) {
      tally.refuse(broken, index, () -> labels.problem(broken, buf));
    } else if (samples > 0 && histograms > 0) {
      long s = samples;
      long h = histograms;
      tally.refuse(RejectReason.SAMPLES_AND_HISTOGRAMS, index, () -> "has both samples (" + s + ") and histograms (" + h + ")");
    } else if (samples == 0 && histograms == 0 && exemplars == 0) {
      // Exemplars alone are accepted: Prometheus 3.16 itself sends each exemplar in a series of
      // its own (storage/remote/queue_manager.go, populateV2TimeSeries). docs/remote-write-rules.md
      tally.refuse(RejectReason.NO_SAMPLES, index, () -> "has no samples, histograms or exemplars");
    } else if (histogramProblem != null) {
      String problem = histogramProblem;
      tally.refuse(RejectReason.INVALID_HISTOGRAM, index, () -> problem);
    } else if (exemplarProblem != null) {
      String problem = exemplarProblem;
      tally.refuse(RejectReason.INVALID_EXEMPLAR, index, () -> problem);
    } else {
      tally.accept(samples, exemplars, histograms, metadata[0] != 0 || metadata[1] != 0 || metadata[2] != 0);
    }
  }

  /** Pairs of (name, value) references into labels, each checked against the table; what is wrong, or null. */
  private String resolveLabels() {
    int n = refs.size();
    if (n % 2 != 0) {
      labels.clear();
      return "labels_refs has an odd number of references (" + n + ")";
    }
    long bad = symbols.resolve(refs, labels);
    return bad < 0 ? null : "labels_refs references symbol " + bad + " but the symbols table has " + symbols.size() + " entries";
  }

  private String refsProblem(IntList list, String field) {
    if (list.size() % 2 != 0) {
      return field + " has an odd number of references (" + list.size() + ")";
    }
    for (int i = 0; i < list.size(); i++) {
      long ref = list.get(i) & 0xffffffffL;
      if (!symbols.contains(ref)) {
        return field + " references symbol " + ref + " but the symbols table has " + symbols.size() + " entries";
      }
    }
    return null;
  }

  /** Reads an exemplar's label references into {@link #exemplarRefs}; returns its timestamp (0 if none). */
  private long exemplar(WireReader exemplar) {
    exemplarRefs.clear();
    long timestamp = 0;
    while (exemplar.hasMore()) {
      int tag = exemplar.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.LEN -> exemplar.readPackedUint32(exemplarRefs);
        case 1 << 3 | WireReader.VARINT -> exemplarRefs.add((int) exemplar.readVarint());
        case 3 << 3 | WireReader.VARINT -> timestamp = exemplar.readVarint();
        default -> exemplar.skip(tag);
      }
    }
    return timestamp;
  }

  /**
   * Reads type (1), help_ref (3) and unit_ref (4) into {@link #metadata}. Repeated occurrences
   * merge into one, the last value of each field winning, as a full parse merges them.
   */
  private void metadata(WireReader message) {
    while (message.hasMore()) {
      int tag = message.readTag();
      switch (tag) {
        case 1 << 3 | WireReader.VARINT -> metadata[0] = (int) message.readVarint(); // an enum: int32
        case 3 << 3 | WireReader.VARINT -> metadata[1] = message.readVarint() & 0xffffffffL;
        case 4 << 3 | WireReader.VARINT -> metadata[2] = message.readVarint() & 0xffffffffL;
        default -> message.skip(tag);
      }
    }
  }
}
