package dev.o11y.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.o11y.receiver.wire.v1.RemoteWriteV1;
import dev.o11y.receiver.wire.v2.RemoteWriteV2;
import java.util.List;
import java.util.StringJoiner;

/** A remote-write request after unmarshalling and validation, in either protocol version. */
public sealed interface DecodedRequest {

  /** The counts of the request, computed once when it was unmarshalled. */
  WriteSummary summary();

  /** Calls back once per series with its labels in Prometheus text form, for debug logging. */
  void forEachSeries(SeriesVisitor visitor);

  @FunctionalInterface
  interface SeriesVisitor {
    void visit(String labels, List<Double> values, List<Long> timestamps);
  }

  /** Unmarshals and validates; every failure is a 400 with a one-line reason. */
  static DecodedRequest unmarshal(RemoteWriteVersion version, byte[] decoded) {
    try {
      return switch (version) {
        case V1 -> V1.of(RemoteWriteV1.WriteRequest.parseFrom(decoded));
        case V2 -> V2.validated(RemoteWriteV2.Request.parseFrom(decoded));
      };
    } catch (InvalidProtocolBufferException e) {
      throw new RejectedRequest(400, "invalid_protobuf",
          "protobuf: cannot unmarshal " + version.label() + " request: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Remote write 1.0: labels inline, metadata in its own list. */
  record V1(RemoteWriteV1.WriteRequest request, WriteSummary summary) implements DecodedRequest {

    static V1 of(RemoteWriteV1.WriteRequest request) {
      return new V1(request, count(request));
    }

    private static WriteSummary count(RemoteWriteV1.WriteRequest request) {
      long samples = 0;
      long exemplars = 0;
      long histograms = 0;
      for (RemoteWriteV1.TimeSeries series : request.getTimeseriesList()) {
        samples += series.getSamplesCount();
        exemplars += series.getExemplarsCount();
        histograms += series.getHistogramsCount();
      }
      return new WriteSummary(RemoteWriteVersion.V1, request.getTimeseriesCount(), samples,
          exemplars, histograms, request.getMetadataCount());
    }

    @Override
    public void forEachSeries(SeriesVisitor visitor) {
      for (RemoteWriteV1.TimeSeries series : request.getTimeseriesList()) {
        StringJoiner labels = new StringJoiner(", ", "{", "}");
        series.getLabelsList().forEach(l -> labels.add(l.getName() + "=\"" + l.getValue() + "\""));
        visitor.visit(labels.toString(),
            series.getSamplesList().stream().map(RemoteWriteV1.Sample::getValue).toList(),
            series.getSamplesList().stream().map(RemoteWriteV1.Sample::getTimestamp).toList());
      }
    }
  }

  /** Remote write 2.0: strings live once in the symbols table and are referenced by index. */
  record V2(RemoteWriteV2.Request request, WriteSummary summary) implements DecodedRequest {

    /** Checks every reference into the symbols table before anything reads through it. */
    static V2 validated(RemoteWriteV2.Request request) {
      int symbols = request.getSymbolsCount();
      if (symbols > 0 && !request.getSymbols(0).isEmpty()) {
        throw new RejectedRequest(400, "invalid_symbols",
            "remote write 2.0: symbols[0] must be the empty string");
      }
      for (int i = 0; i < request.getTimeseriesCount(); i++) {
        RemoteWriteV2.TimeSeries series = request.getTimeseries(i);
        checkLabelRefs(series.getLabelsRefsList(), symbols, "timeseries[" + i + "].labels_refs");
        for (int e = 0; e < series.getExemplarsCount(); e++) {
          checkLabelRefs(series.getExemplars(e).getLabelsRefsList(), symbols,
              "timeseries[" + i + "].exemplars[" + e + "].labels_refs");
        }
        if (series.hasMetadata()) {
          checkRef(series.getMetadata().getHelpRef(), symbols, "timeseries[" + i + "].metadata.help_ref");
          checkRef(series.getMetadata().getUnitRef(), symbols, "timeseries[" + i + "].metadata.unit_ref");
        }
      }
      return new V2(request, count(request));
    }

    private static void checkLabelRefs(List<Integer> refs, int symbols, String where) {
      if (refs.size() % 2 != 0) {
        throw new RejectedRequest(400, "invalid_symbol_ref",
            "remote write 2.0: " + where + " has an odd number of references (" + refs.size() + ")");
      }
      for (int ref : refs) {
        checkRef(ref, symbols, where);
      }
    }

    private static void checkRef(int ref, int symbols, String where) {
      // uint32 on the wire: compare unsigned so that 0xFFFFFFFF is out of range, not -1.
      if (Integer.compareUnsigned(ref, symbols) >= 0 && !(ref == 0 && symbols == 0)) {
        throw new RejectedRequest(400, "invalid_symbol_ref",
            "remote write 2.0: " + where + " references symbol " + Integer.toUnsignedString(ref)
                + " but the symbols table has " + symbols + " entries");
      }
    }

    private static WriteSummary count(RemoteWriteV2.Request request) {
      long samples = 0;
      long exemplars = 0;
      long histograms = 0;
      long metadata = 0;
      for (RemoteWriteV2.TimeSeries series : request.getTimeseriesList()) {
        samples += series.getSamplesCount();
        exemplars += series.getExemplarsCount();
        histograms += series.getHistogramsCount();
        if (carriesMetadata(series)) {
          metadata++;
        }
      }
      return new WriteSummary(RemoteWriteVersion.V2, request.getTimeseriesCount(), samples,
          exemplars, histograms, metadata);
    }

    /** In 2.0 metadata rides on each series; it counts when it says anything. */
    static boolean carriesMetadata(RemoteWriteV2.TimeSeries series) {
      if (!series.hasMetadata()) {
        return false;
      }
      RemoteWriteV2.Metadata m = series.getMetadata();
      return m.getTypeValue() != 0 || m.getHelpRef() != 0 || m.getUnitRef() != 0;
    }

    @Override
    public void forEachSeries(SeriesVisitor visitor) {
      for (RemoteWriteV2.TimeSeries series : request.getTimeseriesList()) {
        StringJoiner labels = new StringJoiner(", ", "{", "}");
        List<Integer> refs = series.getLabelsRefsList();
        for (int i = 0; i + 1 < refs.size(); i += 2) {
          labels.add(request.getSymbols(refs.get(i)) + "=\"" + request.getSymbols(refs.get(i + 1)) + "\"");
        }
        visitor.visit(labels.toString(),
            series.getSamplesList().stream().map(RemoteWriteV2.Sample::getValue).toList(),
            series.getSamplesList().stream().map(RemoteWriteV2.Sample::getTimestamp).toList());
      }
    }
  }
}
