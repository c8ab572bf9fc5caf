package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.support.Fixtures;
import dev.o11y.support.HeldRequest;
import dev.o11y.support.Http;
import dev.o11y.support.TestConfig;
import dev.o11y.support.MetricsText;
import dev.o11y.support.Waits;
import dev.o11y.support.WireCounts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xerial.snappy.Snappy;

/** Short, bounded load on loopback: below the limit nothing fails and nothing is lost; above it, 503. */
@Timeout(120)
class LoadTest {

  private static final int SENDERS = 4;
  private static final int REQUESTS_EACH = 50;

  @Test
  void concurrentSendersBelowTheLimitGetNo5xxAndEverySampleIsCountedOnce() throws Exception {
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback());
    try {
      List<Fixtures.Body> bodies = Fixtures.bodies();
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      List<Future<Long>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int offset = s;
        senders.add(pool.submit(() -> {
          long samplesAccepted = 0;
          for (int i = 0; i < REQUESTS_EACH; i++) {
            Fixtures.Body body = bodies.get((offset + i) % bodies.size());
            HttpResponse<String> response = Http.post(server.publicPort(), "/receive", body.bytes(), Fixtures.headers());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            samplesAccepted += WireCounts.ofSnappyV1(body.bytes()).samples();
          }
          return samplesAccepted;
        }));
      }
      long expected = 0;
      for (Future<Long> sender : senders) {
        expected += sender.get();
      }
      pool.shutdown();
      String metrics = Http.get(server.internalPort(), "/metrics").body();
      assertThat(MetricsText.sum(metrics, "receiver_samples_received_total")).isEqualTo(expected);
      assertThat(MetricsText.value(metrics, "http_requests_total{code=\"204\",handler=\"/receive\",method=\"POST\"}"))
          .isEqualTo(SENDERS * REQUESTS_EACH);
      assertThat(metrics).doesNotContain("code=\"5");
    } finally {
      server.shutdown();
    }
  }

  @Test
  void pastTheMemoryBudgetItAnswers503AndGivesTheMemoryBackAfterwards() throws Exception {
    byte[] body = Fixtures.bodies().get(0).bytes();
    long needKib = kib(body.length) + kib(Snappy.uncompressedLength(body));
    // Room for one such request in flight, not for two; the latency scenario holds the first.
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback(
        "--max-inflight-bytes=" + (needKib + needKib / 2) + "KiB", "--scenario=latency"));
    try {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<HttpResponse<String>> first = pool.submit(() ->
          Http.post(server.publicPort(), "/receive", body, Fixtures.headers()));
      Waits.until("the first request to hold its memory", Duration.ofSeconds(10), () -> Optional.of(inflightBytes(server))
          .filter(bytes -> bytes == needKib * 1024));

      HttpResponse<String> second = Http.post(server.publicPort(), "/receive", body, Fixtures.headers());
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(second.body()).startsWith("overloaded: in-flight memory budget");

      assertThat(first.get().statusCode()).isEqualTo(204);
      pool.shutdown();
      assertThat(inflightBytes(server)).isZero();
      assertThat(Http.post(server.publicPort(), "/receive", body, Fixtures.headers()).statusCode()).isEqualTo(204);
    } finally {
      server.shutdown();
    }
  }

  @Test
  void aRequestThatCouldNeverFitTheBudgetIs413() throws Exception {
    byte[] body = Fixtures.bodies().get(0).bytes();
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback(
        "--max-inflight-bytes=" + (kib(body.length) + 1) + "KiB")); // the body fits, its decoded form does not
    try {
      HttpResponse<String> response = Http.post(server.publicPort(), "/receive", body, Fixtures.headers());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("more than the receiver's in-flight budget");
      String metrics = Http.get(server.internalPort(), "/metrics").body();
      assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"over_memory_budget\"}")).isEqualTo(1);
      assertThat(inflightBytes(server)).isZero();
    } finally {
      server.shutdown();
    }
  }

  private static long kib(long bytes) {
    return (bytes + 1023) / 1024;
  }

  private static long inflightBytes(ReceiverServer server) {
    double bytes = MetricsText.value(Http.get(server.internalPort(), "/metrics").body(), "receiver_inflight_bytes");
    assertThat(bytes).as("receiver_inflight_bytes on /metrics").isNotNaN();
    return (long) bytes;
  }

  @Test
  void saturatedItAnswers503WithRetryAfterInsteadOfQueueing() throws Exception {
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback("--max-concurrent-requests=1"));
    byte[] body = Fixtures.bodies().get(0).bytes();
    try (HeldRequest first = HeldRequest.send(server.publicPort(), "/receive", body, Fixtures.headers())) {
      // The others go out only once the first holds the one place, and it holds it until released.
      Waits.until("the first request to be in flight", Duration.ofSeconds(10), () -> Optional.of(MetricsText.value(
          Http.get(server.internalPort(), "/metrics").body(), "http_requests_in_flight{server=\"public\"}")).filter(n -> n >= 1));
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      List<Future<HttpResponse<String>>> others = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        others.add(pool.submit(() -> Http.post(server.publicPort(), "/receive", body, Fixtures.headers())));
      }
      for (Future<HttpResponse<String>> future : others) {
        HttpResponse<String> response = future.get();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      }
      pool.shutdown();
      assertThat(first.release()).isEqualTo(204);
      String metrics = Http.get(server.internalPort(), "/metrics").body();
      assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"overloaded\"}")).isEqualTo(SENDERS);
      assertThat(Http.post(server.publicPort(), "/receive", body, Fixtures.headers()).statusCode())
          .as("the place is free again").isEqualTo(204);
    } finally {
      server.shutdown();
    }
  }
}
