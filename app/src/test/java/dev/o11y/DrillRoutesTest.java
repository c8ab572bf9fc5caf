package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.drills.Drill;
import dev.o11y.drills.DrillCatalog;
import dev.o11y.support.DrillSeeds;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.MetricsText;
import dev.o11y.support.SmallLimits;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drill endpoints of the admin port, as `make drill`, `drill-hint`, `drill-answer` and `drill-stop` call them. */
class DrillRoutesTest {

  private ReceiverServer server;

  @BeforeEach
  void start() {
    server = ReceiverServer.start(SmallLimits.config());
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  @Test
  void aDrillRunsHintsChecksAndEndsWithTheCauseAndPath() {
    Drill drill = drill("memory-leak"); // seed 3's, as DrillCatalogTest's table of seeds has it
    HttpResponse<String> started = post("/drill?seed=3");
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.body()).contains(drill.symptom()).doesNotContain(drill.id()).doesNotContain(drill.cause());
    assertThat(post("/drill?seed=4").statusCode()).as("one drill at a time").isEqualTo(409);
    assertThat(Http.get(server.internalPort(), "/drill").body()).contains(drill.symptom()).doesNotContain(drill.id());
    assertThat(MetricsText.value(metrics(), "receiver_drill_active")).isEqualTo(1);

    for (int i = 0; i < 3; i++) {
      assertThat(post("/drill/hint").body()).isEqualTo("Hint " + (i + 1) + " of 3: " + drill.hints().get(i) + "\n");
    }
    assertThat(post("/drill/hint").body()).startsWith("No hints left");

    assertThat(answer("the network").body()).startsWith("wrong");
    assertThat(answer(drill.answers().get(0)).body()).startsWith("right");
    assertThat(answer("").statusCode()).isEqualTo(400);

    HttpResponse<String> stopped = post("/drill/stop");
    assertThat(stopped.body()).contains(drill.cause(), drill.lesson()).contains("1. " + drill.path().get(0));
    assertThat(MetricsText.value(metrics(), "receiver_drill_active")).isZero();
    assertThat(post("/drill/stop").statusCode()).isEqualTo(409);
    assertThat(post("/drill/hint").statusCode()).isEqualTo(409);
  }

  @Test
  void aBadSeedGetsAOneLineReasonAndNoDrill() {
    HttpResponse<String> bad = post("/drill?seed=forty-two");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body().lines().count()).isEqualTo(1);
    assertThat(MetricsText.value(metrics(), "receiver_drill_active")).isZero();
  }

  /** The drill's fault goes through the receive path's seam, and leaves with drill-stop. */
  @Test
  void theErrorsDrillFailsOneProtocolUntilItStops() {
    long seed = DrillSeeds.seedFor("one-protocol-fails");
    post("/drill?seed=" + seed);
    assertThat(write(Fixtures.bodiesV2().get(0).bytes(), Fixtures.headersV2()).statusCode()).isEqualTo(500);
    assertThat(write(Fixtures.bodies().get(0).bytes(), Fixtures.headers()).statusCode()).isEqualTo(204);
    post("/drill/stop");
    assertThat(write(Fixtures.bodiesV2().get(0).bytes(), Fixtures.headersV2()).statusCode()).isEqualTo(204);
  }

  private static Drill drill(String id) {
    return DrillCatalog.ALL.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private HttpResponse<String> write(byte[] body, Map<String, String> headers) {
    return Http.post(server.publicPort(), "/api/v1/write", body, headers);
  }

  private HttpResponse<String> answer(String text) {
    return post("/drill/answer?a=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path) {
    return Http.post(server.internalPort(), path, new byte[0], Map.of());
  }

  private String metrics() {
    return Http.get(server.internalPort(), "/metrics").body();
  }
}
