package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.TestConfig;
import dev.o11y.support.MetricsText;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: not ready at once, in-flight requests finish, then the ports close. */
class ShutdownTest {

  @Test
  void readyTurns503AtOnceAndTheInFlightRequestStillCompletes() throws Exception {
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback());
    int publicPort = server.publicPort();
    int internalPort = server.internalPort();
    Http.post(internalPort, "/scenario?name=latency", new byte[0], Map.of());

    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
        () -> Http.post(publicPort, "/receive", Fixtures.bodies().get(0).bytes(), Fixtures.headers()));
    awaitInFlight(internalPort);

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
    // The internal port stays up while draining, and says "not ready".
    int ready = 200;
    while (!shutdown.isDone() && ready == 200) {
      ready = Http.get(internalPort, "/-/ready").statusCode();
    }
    assertThat(ready).isEqualTo(503);

    assertThat(inFlight.get().statusCode()).isEqualTo(204);
    shutdown.get();
    assertThatThrownBy(() -> Http.get(publicPort, "/receive")).isInstanceOf(java.io.UncheckedIOException.class);
  }

  private static void awaitInFlight(int internalPort) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      String metrics = Http.get(internalPort, "/metrics").body();
      if (MetricsText.value(metrics, "http_requests_in_flight{server=\"public\"}") >= 1) {
        return;
      }
    }
    throw new AssertionError("the request never got in flight");
  }
}
