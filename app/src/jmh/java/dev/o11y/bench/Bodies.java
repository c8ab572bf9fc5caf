package dev.o11y.bench;

import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import dev.o11y.support.Fixtures;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * The benchmark's inputs: the real 1.0 fixtures (Prometheus 2.42), the same series re-encoded
 * as 2.0, and the real 2.0 fixtures (Prometheus 3.16, with native histograms and metadata).
 */
final class Bodies {

  final List<byte[]> v1;
  final List<byte[]> v2;
  final List<byte[]> v2Real;
  final long compressedBytesV1;
  final long compressedBytesV2;
  final long compressedBytesV2Real;
  final long samples;
  final long samplesV2Real;

  Bodies() throws IOException {
    v1 = Fixtures.bodies().stream().map(Fixtures.Body::bytes).toList();
    v2 = v1.stream().map(Bodies::toV2).toList();
    v2Real = Fixtures.bodiesV2().stream().map(Fixtures.Body::bytes).toList();
    compressedBytesV1 = v1.stream().mapToLong(b -> b.length).sum();
    compressedBytesV2 = v2.stream().mapToLong(b -> b.length).sum();
    compressedBytesV2Real = v2Real.stream().mapToLong(b -> b.length).sum();
    long real = 0;
    for (byte[] body : v2Real) {
      for (RemoteWriteV2.TimeSeries ts : RemoteWriteV2.Request.parseFrom(Snappy.uncompress(body)).getTimeseriesList()) {
        real += ts.getSamplesCount() + ts.getHistogramsCount();
      }
    }
    samplesV2Real = real;
    long count = 0;
    for (byte[] body : v1) {
      for (RemoteWriteV1.TimeSeries ts : RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(body)).getTimeseriesList()) {
        count += ts.getSamplesCount();
      }
    }
    samples = count;
  }

  /** Interns every label string into a symbols table, as a 2.0 sender does. */
  static byte[] toV2(byte[] v1Body) {
    try {
      RemoteWriteV1.WriteRequest request = RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(v1Body));
      Map<String, Integer> refs = new HashMap<>();
      RemoteWriteV2.Request.Builder out = RemoteWriteV2.Request.newBuilder().addSymbols("");
      refs.put("", 0);
      for (RemoteWriteV1.TimeSeries ts : request.getTimeseriesList()) {
        RemoteWriteV2.TimeSeries.Builder series = RemoteWriteV2.TimeSeries.newBuilder();
        for (RemoteWriteV1.Label label : ts.getLabelsList()) {
          series.addLabelsRefs(ref(refs, out, label.getName())).addLabelsRefs(ref(refs, out, label.getValue()));
        }
        ts.getSamplesList().forEach(s -> series.addSamples(
            RemoteWriteV2.Sample.newBuilder().setValue(s.getValue()).setTimestamp(s.getTimestamp())));
        out.addTimeseries(series);
      }
      return Snappy.compress(out.build().toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int ref(Map<String, Integer> refs, RemoteWriteV2.Request.Builder out, String symbol) {
    return refs.computeIfAbsent(symbol, s -> {
      out.addSymbols(s);
      return out.getSymbolsCount() - 1;
    });
  }
}
