package dev.o11y.loadgen;

import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds remote-write bodies that look like a small fleet: {@code series} series of a
 * counter, a gauge and a histogram-ish latency metric spread over instances, one sample each.
 */
final class RequestFactory {

  private static final String[] METRICS = {"loadgen_requests_total", "loadgen_queue_depth", "loadgen_latency_seconds"};

  private final int series;

  RequestFactory(int series) {
    this.series = series;
  }

  byte[] v1(long timestampMillis, long tick) {
    RemoteWriteV1.WriteRequest.Builder request = RemoteWriteV1.WriteRequest.newBuilder();
    for (int i = 0; i < series; i++) {
      request.addTimeseries(RemoteWriteV1.TimeSeries.newBuilder()
          .addLabels(label("__name__", METRICS[i % METRICS.length]))
          .addLabels(label("instance", "instance-" + (i / METRICS.length)))
          .addLabels(label("job", "loadgen"))
          .addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(timestampMillis).setValue(value(i, tick))));
    }
    return request.build().toByteArray();
  }

  byte[] v2(long timestampMillis, long tick) {
    List<String> symbols = new ArrayList<>(List.of("", "__name__", "instance", "job", "loadgen"));
    symbols.addAll(List.of(METRICS));
    RemoteWriteV2.Request.Builder request = RemoteWriteV2.Request.newBuilder();
    for (int i = 0; i < series; i++) {
      symbols.add("instance-" + (i / METRICS.length));
      request.addTimeseries(RemoteWriteV2.TimeSeries.newBuilder()
          .addLabelsRefs(1).addLabelsRefs(5 + i % METRICS.length)
          .addLabelsRefs(2).addLabelsRefs(symbols.size() - 1)
          .addLabelsRefs(3).addLabelsRefs(4)
          .setMetadata(RemoteWriteV2.Metadata.newBuilder().setType(type(i)))
          .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(timestampMillis).setValue(value(i, tick))));
    }
    return request.addAllSymbols(symbols).build().toByteArray();
  }

  private static RemoteWriteV2.Metadata.MetricType type(int i) {
    return i % METRICS.length == 0
        ? RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_COUNTER
        : RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_GAUGE;
  }

  private static double value(int i, long tick) {
    return switch (i % METRICS.length) {
      case 0 -> tick * (1 + i % 7);
      case 1 -> (tick + i) % 50;
      default -> 0.005 * (1 + (tick + i) % 20);
    };
  }

  private static RemoteWriteV1.Label label(String name, String value) {
    return RemoteWriteV1.Label.newBuilder().setName(name).setValue(value).build();
  }
}
