package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.loadgen.LoadGenerator;
import dev.o11y.support.Http;
import dev.o11y.support.MetricsText;
import dev.o11y.support.TestConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The stack's load generator against the real server: both protocol versions, all accepted. */
class LoadGeneratorTest {

  @Test
  void sendsRemoteWrite1And2AtTheRateAskedAndStopsByItself() {
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback());
    try {
      int exit = new CommandLine(new LoadGenerator()).execute(
          "--target=http://127.0.0.1:" + server.publicPort() + "/api/v1/write",
          "--rate=20", "--series=30", "--duration=2s");
      assertThat(exit).isZero();

      String metrics = Http.get(server.internalPort(), "/metrics").body();
      double requests = MetricsText.value(metrics,
          "http_requests_total{code=\"204\",handler=\"/api/v1/write\",method=\"POST\"}");
      // 20 per second for 2 seconds: never more, and not far fewer unless the machine stalls.
      assertThat(requests).isBetween(20.0, 42.0);
      assertThat(MetricsText.sum(metrics, "receiver_samples_received_total")).isEqualTo(requests * 30);
      // Every other request is 2.0, whose series carry metadata.
      assertThat(MetricsText.sum(metrics, "receiver_metadata_received_total")).isEqualTo(Math.floor(requests / 2) * 30);
      assertThat(MetricsText.sum(metrics, "receiver_requests_rejected_total")).isZero();
      assertThat(MetricsText.sum(metrics, "receiver_series_rejected_total")).isZero();
    } finally {
      server.shutdown();
    }
  }
}
