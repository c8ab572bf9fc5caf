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
      LoadGenerator generator = new LoadGenerator();
      int exit = new CommandLine(generator).execute(
          "--target=http://127.0.0.1:" + server.publicPort() + "/api/v1/write",
          "--rate=20", "--series=30", "--duration=2s");
      assertThat(exit).isZero();

      // What the generator says it sent, the receiver took, every one of them.
      String metrics = Http.get(server.internalPort(), "/metrics").body();
      double requests = MetricsText.value(metrics,
          "http_requests_total{code=\"204\",handler=\"/api/v1/write\",method=\"POST\"}");
      assertThat(generator.failed()).isZero();
      assertThat(requests).isEqualTo(generator.sent());
      // 20 per second for 2 seconds, on a schedule that never catches up in a burst: never more
      // than 41, however slow or fast the machine. Fewer only says the machine was busy.
      assertThat(generator.sent()).isBetween(2L, 41L);
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
