package dev.o11y.support;

import dev.o11y.receiver.wire.v2.RemoteWriteV2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/** Builds remote-write 2.0 bodies for tests: {@code series} series of {@code samplesEach} samples. */
public final class RemoteWrite2 {

  public static final String CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

  private RemoteWrite2() {}

  public static RemoteWriteV2.Request request(int series, int samplesEach, int exemplarsEach, int histogramsEach) {
    List<String> symbols = new ArrayList<>(List.of("", "__name__", "job", "loadgen", "instance", "help text", "seconds"));
    RemoteWriteV2.Request.Builder request = RemoteWriteV2.Request.newBuilder();
    for (int s = 0; s < series; s++) {
      symbols.add("metric_" + s);
      int nameRef = symbols.size() - 1;
      RemoteWriteV2.TimeSeries.Builder ts = RemoteWriteV2.TimeSeries.newBuilder()
          .addLabelsRefs(1).addLabelsRefs(nameRef)
          .addLabelsRefs(2).addLabelsRefs(3)
          .setMetadata(RemoteWriteV2.Metadata.newBuilder()
              .setType(RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_GAUGE).setHelpRef(5).setUnitRef(6));
      for (int i = 0; i < samplesEach; i++) {
        ts.addSamples(RemoteWriteV2.Sample.newBuilder().setValue(i).setTimestamp(1_700_000_000_000L + i));
      }
      for (int i = 0; i < exemplarsEach; i++) {
        ts.addExemplars(RemoteWriteV2.Exemplar.newBuilder().addLabelsRefs(4).addLabelsRefs(3).setValue(i));
      }
      for (int i = 0; i < histogramsEach; i++) {
        ts.addHistograms(RemoteWriteV2.Histogram.newBuilder().setCountInt(3).setSum(1.5).setSchema(0)
            .setTimestamp(1_700_000_000_000L + i));
      }
      request.addTimeseries(ts);
    }
    return request.addAllSymbols(symbols).build();
  }

  public static byte[] snappy(byte[] bytes) {
    try {
      return Snappy.compress(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
