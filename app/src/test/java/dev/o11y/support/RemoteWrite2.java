package dev.o11y.support;

import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Builds valid remote-write 2.0 bodies for tests: {@code series} series of {@code samplesEach}
 * samples and {@code exemplarsEach} exemplars, and, when {@code histogramsEach} is above zero,
 * as many series of that many native histograms (2.0 keeps samples and histograms apart).
 */
public final class RemoteWrite2 {

  public static final String CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
  private static final long T0 = 1_700_000_000_000L;

  private RemoteWrite2() {}

  public static RemoteWriteV2.Request request(int series, int samplesEach, int exemplarsEach, int histogramsEach) {
    List<String> symbols = new ArrayList<>(List.of("", "__name__", "job", "loadgen", "trace_id", "help text", "seconds"));
    RemoteWriteV2.Request.Builder request = RemoteWriteV2.Request.newBuilder();
    for (int s = 0; s < series; s++) {
      if (samplesEach > 0) {
        RemoteWriteV2.TimeSeries.Builder ts = series(symbols, "metric_" + s, RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_GAUGE);
        for (int i = 0; i < samplesEach; i++) {
          ts.addSamples(RemoteWriteV2.Sample.newBuilder().setValue(i).setTimestamp(T0 + i));
        }
        exemplars(ts, exemplarsEach);
        request.addTimeseries(ts);
      }
      if (histogramsEach > 0) {
        RemoteWriteV2.TimeSeries.Builder ts = series(symbols, "histogram_" + s, RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_HISTOGRAM);
        for (int i = 0; i < histogramsEach; i++) {
          // Three observations, all in the zero bucket: a count the buckets agree with.
          ts.addHistograms(RemoteWriteV2.Histogram.newBuilder().setCountInt(3).setZeroCountInt(3).setSum(0)
              .setSchema(0).setTimestamp(T0 + i));
        }
        exemplars(ts, samplesEach > 0 ? 0 : exemplarsEach);
        request.addTimeseries(ts);
      }
    }
    return request.addAllSymbols(symbols).build();
  }

  private static RemoteWriteV2.TimeSeries.Builder series(List<String> symbols, String name,
      RemoteWriteV2.Metadata.MetricType type) {
    symbols.add(name);
    return RemoteWriteV2.TimeSeries.newBuilder()
        .addLabelsRefs(1).addLabelsRefs(symbols.size() - 1)
        .addLabelsRefs(2).addLabelsRefs(3)
        .setMetadata(RemoteWriteV2.Metadata.newBuilder().setType(type).setHelpRef(5).setUnitRef(6));
  }

  private static void exemplars(RemoteWriteV2.TimeSeries.Builder ts, int count) {
    for (int i = 0; i < count; i++) {
      ts.addExemplars(RemoteWriteV2.Exemplar.newBuilder().addLabelsRefs(4).addLabelsRefs(3).setValue(i).setTimestamp(T0 + i));
    }
  }

  public static byte[] snappy(byte[] bytes) {
    try {
      return Snappy.compress(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
