package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.SmallLimits;
import dev.o11y.support.MetricsText;
import dev.o11y.support.RemoteWrite2;
import dev.o11y.support.Waits;
import dev.o11y.support.WireCounts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;

/** The real server on ephemeral loopback ports, fed the real Prometheus request bodies. */
class ReceiverServerTest {

  private ReceiverServer server;

  @BeforeEach
  void start() {
    server = ReceiverServer.start(SmallLimits.config());
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/receive", "/api/v1/write"})
  void everyFixtureIsAcceptedAndCountedExactly(String path) {
    WireCounts expected = WireCounts.ZERO;
    for (Fixtures.Body body : Fixtures.bodies()) {
      HttpResponse<String> response = Http.post(server.publicPort(), path, body.bytes(), Fixtures.headers());
      assertThat(response.statusCode()).as(body.name()).isEqualTo(204);
      expected = expected.plus(WireCounts.ofSnappyV1(body.bytes()));
    }
    String metrics = metrics();
    assertThat(expected.samples()).isPositive();
    assertThat(MetricsText.sum(metrics, "receiver_samples_received_total")).isEqualTo(expected.samples());
    assertThat(MetricsText.sum(metrics, "receiver_series_received_total")).isEqualTo(expected.series());
    assertThat(MetricsText.sum(metrics, "receiver_exemplars_received_total")).isEqualTo(expected.exemplars());
    assertThat(MetricsText.sum(metrics, "receiver_histograms_received_total")).isEqualTo(expected.histograms());
    assertThat(MetricsText.sum(metrics, "receiver_metadata_received_total")).isEqualTo(expected.metadata());
    assertThat(MetricsText.value(metrics,
        "http_requests_total{code=\"204\",handler=\"" + path + "\",method=\"POST\"}"))
        .isEqualTo(Fixtures.bodies().size());
  }

  @Test
  void remoteWrite2AnswersWithTheWrittenHeaders() {
    byte[] body = RemoteWrite2.snappy(RemoteWrite2.request(5, 4, 2, 3).toByteArray());
    HttpResponse<String> response = Http.post(server.publicPort(), "/api/v1/write", body,
        Map.of("Content-Type", RemoteWrite2.CONTENT_TYPE, "Content-Encoding", "snappy",
            "X-Prometheus-Remote-Write-Version", "2.0.0"));
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("20");
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).hasValue("15");
    assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written")).hasValue("10");
    String metrics = metrics();
    assertThat(MetricsText.sum(metrics, "receiver_samples_received_total")).isEqualTo(20);
    assertThat(MetricsText.sum(metrics, "receiver_histograms_received_total")).isEqualTo(15);
    assertThat(MetricsText.sum(metrics, "receiver_exemplars_received_total")).isEqualTo(10);
    assertThat(MetricsText.sum(metrics, "receiver_metadata_received_total")).isEqualTo(10);
    assertThat(MetricsText.value(metrics, "receiver_samples_received_total{version=\"2.0\"}")).isEqualTo(20);
  }

  @Test
  void badInputGetsTheRightStatusAOneLineReasonAndTheServiceKeepsWorking() throws Exception {
    byte[] good = Fixtures.bodies().get(0).bytes();
    byte[] decoded = Snappy.uncompress(good);
    Map<String, String> v1 = Fixtures.headers();

    expectRejected(post(new byte[] {1, 2, 3, 4, 5}, v1), 400, "snappy");
    expectRejected(post(Snappy.compress(Arrays.copyOf(decoded, decoded.length - 7)), v1), 400, "protobuf");
    expectRejected(post(good, with(v1, "Content-Type", "application/json")), 415, "Content-Type");
    expectRejected(post(good, with(v1, "Content-Encoding", "gzip")), 415, "Content-Encoding");
    expectRejected(post(new byte[65 * 1024], v1), 413, "exceeds");
    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 0x00};
    expectRejected(post(bomb, v1), 413, "decoded length");
    byte[] badRef = RemoteWrite2.snappy(RemoteWrite2.request(1, 1, 0, 0).toBuilder()
        .setTimeseries(0, RemoteWrite2.request(1, 1, 0, 0).getTimeseries(0).toBuilder().setLabelsRefs(0, 99)).build()
        .toByteArray());
    expectRejected(post(badRef, with(v1, "Content-Type", RemoteWrite2.CONTENT_TYPE)), 400, "symbol");

    HttpResponse<String> wrongMethod = Http.get(server.publicPort(), "/receive");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.body()).isEqualTo("method not allowed: use POST\n");
    HttpResponse<String> unknownPath = Http.get(server.publicPort(), "/nothing/here");
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(unknownPath.body()).isEqualTo("not found: remote write goes to POST /receive or /api/v1/write\n");

    String metrics = metrics();
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"corrupt_snappy\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"invalid_protobuf\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"unsupported_media_type\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"unsupported_encoding\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"body_too_large\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"decoded_too_large\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_requests_rejected_total{reason=\"invalid_symbol_ref\"}")).isEqualTo(1);
    assertThat(MetricsText.sum(metrics, "receiver_samples_received_total")).isZero();

    // Still healthy, still ready, still receiving.
    assertThat(Http.get(server.internalPort(), "/-/healthy").statusCode()).isEqualTo(200);
    assertThat(Http.get(server.internalPort(), "/-/ready").statusCode()).isEqualTo(200);
    assertThat(post(good, v1).statusCode()).isEqualTo(204);
  }

  @Test
  void healthAndReadinessSayOk() {
    HttpResponse<String> healthy = Http.get(server.internalPort(), "/-/healthy");
    HttpResponse<String> ready = Http.get(server.internalPort(), "/-/ready");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("{\"http\":\"OK\"}");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"http\":\"OK\"}");
  }

  @Test
  void theInternalRoutesAreNotOnThePublicPort() {
    for (String path : new String[] {"/metrics", "/-/healthy", "/-/ready", "/debug/", "/scenario"}) {
      assertThat(Http.get(server.publicPort(), path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(Http.post(server.internalPort(), "/receive", Fixtures.bodies().get(0).bytes(), Fixtures.headers())
        .statusCode()).isEqualTo(404);
  }

  @Test
  void metricsSpeakPrometheusTextOrOpenMetricsOnRequest() {
    post(Fixtures.bodies().get(0).bytes(), Fixtures.headers());
    HttpResponse<String> text = Http.get(server.internalPort(), "/metrics");
    assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(text.body()).doesNotContain("# EOF");

    HttpResponse<String> open = Http.get(server.internalPort(), "/metrics",
        "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    assertThat(open.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(open.body()).endsWith("# EOF\n");
    // No exemplar on a _count line: Prometheus 2.x would reject the whole scrape.
    assertThat(open.body().lines().filter(l -> l.contains("_count{") && l.contains(" # {"))).isEmpty();
  }

  @Test
  void middlewareMetricsAreLabelledByRouteNeverByRawPath() {
    post(Fixtures.bodies().get(0).bytes(), Fixtures.headers());
    Http.get(server.publicPort(), "/no/such/path/12345");
    String metrics = metrics();
    assertThat(MetricsText.value(metrics,
        "http_request_duration_seconds_bucket{code=\"204\",handler=\"/receive\",method=\"POST\",le=\"120.0\"}"))
        .isEqualTo(1);
    for (String le : new String[] {"0.001", "0.01", "0.1", "0.3", "0.6", "1.0", "3.0", "6.0", "9.0", "20.0", "30.0", "60.0", "90.0"}) {
      assertThat(metrics).contains("handler=\"/receive\",method=\"POST\",le=\"" + le + "\"");
    }
    assertThat(metrics).contains("http_request_size_bytes_count{code=\"204\",handler=\"/receive\",method=\"POST\"} 1");
    assertThat(MetricsText.value(metrics,
        "http_request_size_bytes_sum{code=\"204\",handler=\"/receive\",method=\"POST\"}"))
        .isEqualTo(Fixtures.bodies().get(0).bytes().length);
    assertThat(metrics).contains("http_response_size_bytes_count{code=\"204\",handler=\"/receive\",method=\"POST\"} 1");
    assertThat(metrics).doesNotContain("12345");
  }

  @Test
  void buildDependencyJvmAndProcessInfoAreExported() {
    String metrics = metrics();
    assertThat(metrics).containsPattern(
        "receiver_build_info\\{branch=\"[^\"]+\",java_version=\"" + Runtime.version().feature() + "[^\"]*\",revision=\"[^\"]+\",version=\"[^\"]+\"} 1");
    assertThat(metrics).contains("receiver_dependency_info{name=\"io.javalin:javalin\",version=\"7.");
    assertThat(metrics).contains("receiver_dependency_info{name=\"com.google.protobuf:protobuf-java\",version=\"");
    assertThat(metrics).contains("receiver_dependency_info{name=\"org.xerial.snappy:snappy-java\",version=\"");
    assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
        "process_uptime_seconds");
  }

  @Test
  void everyReceiverMetricThatDashboardsAndRulesQueryIsExposed() throws Exception {
    post(Fixtures.bodies().get(0).bytes(), Fixtures.headers());
    post(new byte[] {1, 2, 3}, Fixtures.headers()); // a refusal, so the rejected counter exists
    System.gc(); // a collection, so the GC pause timer exists: Micrometer adds it on the first one
    String metrics = Waits.until("a GC pause on /metrics", Duration.ofSeconds(10),
        () -> Optional.of(metrics()).filter(m -> m.contains("jvm_gc_pause_seconds_sum")));
    Set<String> exposed = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(metrics).results()
        .map(m -> m.group(1)).collect(Collectors.toSet());
    // Names of this service's metrics, not the recording rules' level:name:operation ones.
    Pattern queried = Pattern.compile("(?<![\\w:])((?:receiver|http|jvm|process)_[a-z0-9_]+)(?![\\w:(])");
    Path root = Path.of("..").toRealPath();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> dashboards = Files.list(root.resolve("grafana/dashboards"))) {
      dashboards.filter(f -> f.toString().endsWith(".json")).forEach(sources::add);
    }
    sources.add(root.resolve("prometheus/rules/receiver.yml"));
    Set<String> names = new TreeSet<>();
    for (Path source : sources) {
      String queries = Files.readString(source).replaceAll("(?m)^\\s*#.*$", ""); // not the comments
      queried.matcher(queries).results().map(m -> m.group(1)).forEach(names::add);
    }
    assertThat(names).contains("receiver_samples_received_total", "receiver_inflight_bytes", "http_request_duration_seconds_bucket");
    assertThat(exposed).containsAll(names);
  }

  @Test
  void requestIdIsKeptWhenSaneAndMadeFreshOtherwise() {
    byte[] body = Fixtures.bodies().get(0).bytes();
    HttpResponse<String> kept = post(body, with(Fixtures.headers(), "X-Request-ID", "abc-123.def:4_5"));
    assertThat(kept.headers().firstValue("X-Request-ID")).hasValue("abc-123.def:4_5");

    HttpResponse<String> replaced = post(body, with(Fixtures.headers(), "X-Request-ID", "x".repeat(200)));
    assertThat(replaced.headers().firstValue("X-Request-ID")).hasValueSatisfying(
        id -> assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}"));

    HttpResponse<String> unsafe = post(body, with(Fixtures.headers(), "X-Request-ID", "bad id <script>"));
    assertThat(unsafe.headers().firstValue("X-Request-ID")).hasValueSatisfying(
        id -> assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}"));

    HttpResponse<String> fresh1 = post(body, Fixtures.headers());
    HttpResponse<String> fresh2 = post(body, Fixtures.headers());
    assertThat(fresh1.headers().firstValue("X-Request-ID")).isNotEqualTo(fresh2.headers().firstValue("X-Request-ID"));
  }

  @Test
  void debugEndpointsServeTheJvmAnalogsOfPprof() {
    assertThat(Http.get(server.internalPort(), "/debug/").body()).contains("threads", "heap-histogram", "memory", "jfr");
    assertThat(Http.get(server.internalPort(), "/debug/threads").body()).contains("\"main\"").contains("java.lang.Thread.State");
    assertThat(Http.get(server.internalPort(), "/debug/heap-histogram").body()).contains("num", "#instances", "java.lang.String");
    assertThat(Http.get(server.internalPort(), "/debug/memory").body()).contains("heap: used=", "garbage collectors:");
    HttpResponse<byte[]> jfr = Http.getBytes(server.internalPort(), "/debug/jfr?seconds=1");
    assertThat(jfr.statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(jfr.body(), 4)).isEqualTo(new byte[] {'F', 'L', 'R', 0});
    assertThat(Http.get(server.internalPort(), "/debug/jfr?seconds=3600").statusCode()).isEqualTo(400);
    assertThat(Http.get(server.internalPort(), "/debug/jfr?seconds=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void scenarioSwitchesAtRunTimeAndIsAMetric() {
    assertThat(Http.get(server.internalPort(), "/scenario").body()).contains("\"scenario\":\"none\"");
    HttpResponse<String> switched = Http.post(server.internalPort(), "/scenario?name=latency", new byte[0], Map.of());
    assertThat(switched.statusCode()).isEqualTo(200);
    assertThat(switched.body()).contains("\"scenario\":\"latency\"");
    String metrics = metrics();
    assertThat(MetricsText.value(metrics, "receiver_scenario_active{scenario=\"latency\"}")).isEqualTo(1);
    assertThat(MetricsText.value(metrics, "receiver_scenario_active{scenario=\"none\"}")).isEqualTo(0);
    assertThat(Http.post(server.internalPort(), "/scenario?name=chaos", new byte[0], Map.of()).statusCode()).isEqualTo(400);
  }

  @Test
  void errorsScenarioFailsSomeRequestsWith500AndTheRestStillCount() {
    Http.post(server.internalPort(), "/scenario?name=errors", new byte[0], Map.of());
    int failed = 0;
    int ok = 0;
    for (int i = 0; i < 60; i++) {
      int status = post(Fixtures.bodies().get(0).bytes(), Fixtures.headers()).statusCode();
      if (status == 500) {
        failed++;
      } else if (status == 204) {
        ok++;
      }
    }
    assertThat(failed + ok).isEqualTo(60);
    assertThat(failed).isBetween(1, 40);
    assertThat(MetricsText.value(metrics(), "http_requests_total{code=\"500\",handler=\"/receive\",method=\"POST\"}"))
        .isEqualTo(failed);
  }

  private HttpResponse<String> post(byte[] body, Map<String, String> headers) {
    return Http.post(server.publicPort(), "/receive", body, headers);
  }

  private static void expectRejected(HttpResponse<String> response, int status, String mentions) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(mentions);
    assertThat(response.body().strip()).doesNotContain("\n");
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return copy;
  }

  private String metrics() {
    return Http.get(server.internalPort(), "/metrics").body();
  }
}
