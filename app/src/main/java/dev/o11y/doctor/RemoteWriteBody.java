package dev.o11y.doctor;

import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * The doctor's remote write: a 1.0 request as Prometheus sends one (snappy-compressed
 * protobuf, with Prometheus's 1.0 headers), one sample of one series, stamped now. Its
 * content does not matter to the walk; that the receiver takes it, traces it and logs it does.
 */
final class RemoteWriteBody {

  /** The headers Prometheus 2.x sends with a 1.0 body, less those the HTTP client sets. */
  static final Map<String, String> HEADERS = Map.of(
      "Content-Encoding", "snappy",
      "Content-Type", "application/x-protobuf",
      "X-Prometheus-Remote-Write-Version", "0.1.0");

  private RemoteWriteBody() {}

  static byte[] oneSample() {
    RemoteWriteV1.WriteRequest request = RemoteWriteV1.WriteRequest.newBuilder()
        .addTimeseries(RemoteWriteV1.TimeSeries.newBuilder()
            .addLabels(RemoteWriteV1.Label.newBuilder().setName("__name__").setValue("check_links_requests_total"))
            .addLabels(RemoteWriteV1.Label.newBuilder().setName("job").setValue("check-links"))
            .addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(System.currentTimeMillis()).setValue(1)))
        .build();
    try {
      return Snappy.compress(request.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
