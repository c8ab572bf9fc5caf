package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.support.Fixtures;
import dev.o11y.support.HeldRequest;
import dev.o11y.support.Http;
import dev.o11y.support.MetricsText;
import dev.o11y.support.TestConfig;
import dev.o11y.support.Waits;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: not ready at once, in-flight requests finish, then the ports close. */
class ShutdownTest {

  @Test
  void readyTurns503AtOnceAndTheInFlightRequestStillCompletes() throws Exception {
    // A shutdown timeout far longer than the test: the drain ends when the held request does.
    ReceiverServer server = ReceiverServer.start(TestConfig.onLoopback("--shutdown-timeout=60s"));
    int publicPort = server.publicPort();
    int internalPort = server.internalPort();

    try (HeldRequest inFlight = HeldRequest.send(publicPort, "/receive", Fixtures.bodies().get(0).bytes(), Fixtures.headers())) {
      Waits.until("the held request to be in flight", Duration.ofSeconds(10), () -> Optional.of(inFlight(internalPort))
          .filter(n -> n >= 1));

      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
      // The internal port stays up while draining, and says "not ready"; the drain waits for the request.
      Waits.until("/-/ready to answer 503", Duration.ofSeconds(10), () -> Optional.of(Http.get(internalPort, "/-/ready").statusCode())
          .filter(code -> code == 503));
      assertThat(shutdown).as("the drain waits for the request in flight").isNotDone();

      assertThat(inFlight.release()).isEqualTo(204);
      shutdown.get(30, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> Http.get(publicPort, "/receive")).isInstanceOf(java.io.UncheckedIOException.class);
  }

  private static double inFlight(int internalPort) {
    return MetricsText.value(Http.get(internalPort, "/metrics").body(), "http_requests_in_flight{server=\"public\"}");
  }
}
