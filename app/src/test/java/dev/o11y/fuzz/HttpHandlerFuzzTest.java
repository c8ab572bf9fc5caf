package dev.o11y.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.o11y.ReceiverServer;
import dev.o11y.support.Http;
import dev.o11y.support.SmallLimits;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the real HTTP handler on loopback: headers and body chosen by the fuzzer. Every
 * answer is 204 or a 4xx with a one-line reason, never a 500, and the server stays healthy.
 * (Its execution in the pom turns off Jazzer's SSRF detector: connecting to our own loopback
 * server is the point here.)
 */
class HttpHandlerFuzzTest {

  private static final String[] CONTENT_TYPES = {
    "application/x-protobuf", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
    "application/x-protobuf;proto=prometheus.WriteRequest", "application/json", ""};
  private static final String[] ENCODINGS = {"snappy", "gzip", "identity", ""};
  private static ReceiverServer server;

  @BeforeAll
  static void start() {
    server = ReceiverServer.start(SmallLimits.config());
  }

  @FuzzTest(maxDuration = "10s")
  void answers204Or4xxNever500(FuzzedDataProvider data) {
    String contentType = data.pickValue(CONTENT_TYPES);
    String encoding = data.pickValue(ENCODINGS);
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<String> response = Http.post(server.publicPort(), "/receive", body,
        Map.of("Content-Type", contentType.isEmpty() ? "text/plain" : contentType,
            "Content-Encoding", encoding.isEmpty() ? "none" : encoding));
    assertThat(response.statusCode()).as(response.body()).isIn(204, 400, 413, 415);
    assertThat(response.body().strip()).doesNotContain("\n");
  }

  @AfterAll
  static void stillHealthy() {
    assertThat(Http.get(server.internalPort(), "/-/healthy").statusCode()).isEqualTo(200);
    server.shutdown();
  }
}
