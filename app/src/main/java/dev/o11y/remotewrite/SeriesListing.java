package dev.o11y.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.util.List;
import java.util.StringJoiner;

/**
 * Every series and sample of a request, for the debug log, as the talk prints them. Only at
 * debug level is a request parsed into message objects: counting needs no objects at all.
 */
public final class SeriesListing {

  @FunctionalInterface
  public interface SeriesVisitor {
    void visit(String labels, List<Double> values, List<Long> timestamps);
  }

  private SeriesListing() {}

  /** Lists a request that {@link WireDecoder} has already validated. */
  public static void forEachSeries(RemoteWriteVersion version, byte[] decoded, SeriesVisitor visitor) {
    try {
      if (version == RemoteWriteVersion.V1) {
        v1(RemoteWriteV1.WriteRequest.parseFrom(decoded), visitor);
      } else {
        v2(RemoteWriteV2.Request.parseFrom(decoded), visitor);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new RejectedRequest(RejectReason.INVALID_PROTOBUF, "protobuf: " + e.getMessage(), e);
    }
  }

  private static void v1(RemoteWriteV1.WriteRequest request, SeriesVisitor visitor) {
    for (RemoteWriteV1.TimeSeries series : request.getTimeseriesList()) {
      StringJoiner labels = new StringJoiner(", ", "{", "}");
      series.getLabelsList().forEach(l -> labels.add(l.getName() + "=\"" + l.getValue() + "\""));
      visitor.visit(labels.toString(),
          series.getSamplesList().stream().map(RemoteWriteV1.Sample::getValue).toList(),
          series.getSamplesList().stream().map(RemoteWriteV1.Sample::getTimestamp).toList());
    }
  }

  /** 2.0 labels are references into the symbols table. */
  private static void v2(RemoteWriteV2.Request request, SeriesVisitor visitor) {
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
