package dev.o11y.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o11y.support.Datasources;
import dev.o11y.support.Http;
import dev.o11y.support.NativeStack;
import dev.o11y.support.ReceiverProcess;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Waits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The chain doctor against the stack's own Prometheus 3 and Jaeger v2, natively
 * ({@link NativeStack}): the hops they serve tick with a fresh request's IDs, the hops that
 * need Loki, Pyroscope or Grafana say they were skipped, and a broken link or a missing
 * exemplar is a cross that names its file; and the receiver.jar alone, run as the image runs
 * it for `make check-links`, walks the same hops. Through Grafana, StackIT runs every hop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DoctorIT {

  /** Long enough for the first scrapes and Jaeger's first span-metrics flush (15 s) after the start. */
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  /** For the broken cases: time for Prometheus to scrape (5 s) and Jaeger to take the spans, and no more. */
  private static final Duration SHORT = Duration.ofSeconds(12);

  private NativeStack stack;
  private NativeBackend backend;
  private ReceiverClient receiver;

  @BeforeAll
  void startTheStack() {
    stack = NativeStack.start(List.of(), true);
    backend = new NativeBackend(URI.create("http://127.0.0.1:" + stack.prometheus().port()),
        URI.create("http://127.0.0.1:" + stack.jaeger().queryPort()));
    receiver = new ReceiverClient(URI.create("http://127.0.0.1:" + stack.publicPort()),
        URI.create("http://127.0.0.1:" + stack.adminPort()));
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theHopsThatPrometheusAndJaegerServeTickWithTheFreshRequestsIds() {
    assertThat(backend.unreachable()).isEmpty();
    ChainDoctor doctor = doctor(Provisioning.ofTheRepository(), PATIENCE);
    ChainDoctor.FreshRequest request = doctor.send();
    assertThat(request.slow()).as("nothing runs on the receiver: the doctor may switch slow-decode on").isTrue();
    Map<Hop, HopResult> hops = walk(doctor, request);

    assertTicked(hops, Hop.METRIC_TO_EXEMPLAR, Hop.EXEMPLAR_TO_TRACE, Hop.LOG_TO_TRACE, Hop.SPAN_TO_METRICS);
    assertThat(hops.get(Hop.METRIC_TO_EXEMPLAR).text()).containsPattern("keeps trace [0-9a-f]{32} as the exemplar of "
        + "http_request_duration_seconds_bucket\\{handler=\"/receive\"");
    assertThat(hops.get(Hop.EXEMPLAR_TO_TRACE).text()).contains("with POST /receive, decode, unmarshal");
    assertThat(hops.get(Hop.SPAN_TO_METRICS).text()).contains("for \"Calls of this operation\" of POST /receive");
    // What runs natively only stands in for Loki, Pyroscope and Grafana: those hops are not passed.
    assertThat(hops.get(Hop.TRACE_TO_LOGS).outcome()).isEqualTo(HopResult.Outcome.SKIPPED);
    assertThat(hops.get(Hop.TRACE_TO_LOGS).text()).startsWith("no Loki to send {service_name=\"receiver\"} | trace_id=\"")
        .endsWith(", natively)");
    assertThat(hops.get(Hop.SPAN_TO_PROFILE).outcome()).isEqualTo(HopResult.Outcome.SKIPPED);
    // Skipped only after the link rendered: the slow request's root span has its pyroscope.profile.id.
    assertThat(hops.get(Hop.SPAN_TO_PROFILE).text()).startsWith("no Pyroscope to send the profile of span ");
    assertThat(hops.get(Hop.PROFILE_TO_LOGS_AND_TRACES).outcome()).isEqualTo(HopResult.Outcome.SKIPPED);
    assertThat(Report.exitCode(List.copyOf(hops.values()))).isEqualTo(Report.WALK_WORKS);

    // The request really was slow, and the doctor switched the scenario back off.
    JaegerTrace slow = stack.jaeger().api("/api/traces/" + request.traceId()).map(JaegerTrace::of).orElseThrow();
    JaegerTrace.Span decode = slow.span("decode").orElseThrow();
    assertThat(decode.tag("scenario")).isEqualTo("slow-decode");
    assertThat(decode.durationMicros()).isGreaterThanOrEqualTo(1_000_000);
    assertThat(scenario()).isEqualTo("none");
  }

  /**
   * `make check-links` as the attendee runs it, as far as this machine allows: the receiver.jar
   * the image carries, alone on the classpath (no test classes, no Maven), its CheckLinks as the
   * main class, from the repository's root (the container's working directory) and with the
   * heap of the 256m container the doctor runs in. Without Grafana it asks Prometheus and
   * Jaeger themselves, and says which hops it could not check.
   */
  @Test
  void theReceiverJarAloneWalksTheNativeStackAsTheImageRunsIt() throws IOException, InterruptedException {
    Path printed = Files.createTempFile("check-links-", ".txt");
    ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxRAM=" + StackFiles.memLimitBytes("loadgen"),
        "-cp", ReceiverProcess.jar().toAbsolutePath().toString(), "dev.o11y.doctor.CheckLinks",
        "--prometheus=http://127.0.0.1:" + stack.prometheus().port(),
        "--jaeger=http://127.0.0.1:" + stack.jaeger().queryPort(),
        "--receiver=http://127.0.0.1:" + stack.publicPort(), "--admin=http://127.0.0.1:" + stack.adminPort(),
        "--patience=" + PATIENCE.toSeconds() + "s")
        .directory(StackFiles.root().toFile())
        .redirectErrorStream(true).redirectOutput(printed.toFile());
    // Only the jar: nothing from this JVM's classpath or options may reach the doctor's.
    java.environment().keySet().removeAll(List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
    Process doctor = java.start();
    boolean exited = doctor.waitFor(PATIENCE.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      doctor.destroyForcibly();
    }
    String out = Files.readString(printed, StandardCharsets.UTF_8);
    Files.delete(printed);
    System.out.print(out);
    assertThat(exited).as("CheckLinks ended within its patience and a minute:\n" + out).isTrue();
    assertThat(doctor.exitValue()).as(out).isEqualTo(Report.WALK_WORKS);

    List<String> lines = out.lines().toList();
    assertThat(lines).as(out).hasSize(2 + Hop.values().length + 1);
    assertThat(lines.get(0)).matches("check-links: trace [0-9a-f]{32}, a remote write to http://127\\.0\\.0\\.1:"
        + stack.publicPort() + "/receive with slow-decode on for it");
    assertThat(lines.get(1)).isEqualTo("  each link rendered from grafana/, its query sent through only Prometheus and Jaeger"
        + " here, natively, up to " + PATIENCE.toSeconds() + " s after the request");
    Map<Hop, String> hops = new EnumMap<>(Hop.class);
    for (int i = 0; i < Hop.values().length; i++) {
      hops.put(Hop.values()[i], lines.get(2 + i));
    }
    hops.forEach((hop, line) -> assertThat(line).as("the hops in the walk's order").contains(" " + hop.title() + " "));
    for (Hop ticked : List.of(Hop.METRIC_TO_EXEMPLAR, Hop.EXEMPLAR_TO_TRACE, Hop.LOG_TO_TRACE, Hop.SPAN_TO_METRICS)) {
      assertThat(hops.get(ticked)).as(out).startsWith(HopResult.Outcome.TICK.sign() + " ");
    }
    assertThat(hops.get(Hop.EXEMPLAR_TO_TRACE)).contains("with POST /receive, decode, unmarshal");
    assertThat(hops.get(Hop.TRACE_TO_LOGS)).startsWith("– trace → logs").contains("skipped: no Loki to send {service_name=\"receiver\"}");
    assertThat(hops.get(Hop.SPAN_TO_PROFILE)).startsWith("– span → profile").contains("skipped: no Pyroscope to send the profile of span ");
    assertThat(hops.get(Hop.PROFILE_TO_LOGS_AND_TRACES)).startsWith("– profile → logs, traces")
        .contains("skipped: no Loki to send the flame graph's links");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("4 ✓, 3 skipped: the walk works.");
  }

  @Test
  void aScenarioOfTheLearnersIsLeftAloneAndTheProfileHopSaysWhy() {
    admin("/scenario?name=latency");
    try {
      ChainDoctor doctor = doctor(Provisioning.ofTheRepository(), PATIENCE);
      ChainDoctor.FreshRequest request = doctor.send();
      assertThat(request.slow()).isFalse();
      Map<Hop, HopResult> hops = walk(doctor, request);
      assertThat(hops.get(Hop.SPAN_TO_PROFILE).outcome()).isEqualTo(HopResult.Outcome.SKIPPED);
      assertThat(hops.get(Hop.SPAN_TO_PROFILE).text()).startsWith("the receiver runs scenario latency");
      // The rest is still checked, with a request of the scenario's own.
      assertTicked(hops, Hop.METRIC_TO_EXEMPLAR, Hop.EXEMPLAR_TO_TRACE, Hop.LOG_TO_TRACE, Hop.SPAN_TO_METRICS);
      assertThat(scenario()).isEqualTo("latency");
    } finally {
      admin("/scenario?name=none");
    }
  }

  @Test
  void aRunningDrillIsLeftAloneToo() {
    assertThat(receiver.whyNotSlowDecode()).isEmpty();
    assertThat(admin("/drill?seed=1")).isEqualTo(200);
    try {
      assertThat(receiver.whyNotSlowDecode()).hasValueSatisfying(why -> assertThat(why).startsWith("a drill is running"));
    } finally {
      assertThat(admin("/drill/stop")).isEqualTo(200);
    }
  }

  @Test
  void anExemplarLinkIntoTheWrongDatasourceIsACrossThatNamesDatasourcesYaml() {
    String traceId = receiver.write(ChainDoctor.HANDLER);
    ObjectNode prometheus = Datasources.byUid("prometheus").deepCopy();
    ObjectNode explore = (ObjectNode) prometheus.path("jsonData").path("exemplarTraceIdDestinations").path(0);
    explore.put("url", explore.path("url").asText().replace("jaeger", "prometheus"));
    Provisioning broken = Provisioning.ofTheRepository().withDatasource(prometheus);

    HopResult crossed = doctor(broken, SHORT).exemplarToTrace(traceId, Instant.now().plus(SHORT));
    assertThat(crossed.outcome()).isEqualTo(HopResult.Outcome.CROSS);
    assertThat(crossed.text()).isEqualTo("\"Trace in Explore\" opens datasource \"prometheus\" of type prometheus, not a jaeger datasource");
    assertThat(crossed.lookAt()).isEqualTo("grafana/provisioning/datasources/datasources.yaml (exemplarTraceIdDestinations of Prometheus)");
    // The same trace through the link as provisioned: the cross was the link's doing.
    assertThat(doctor(Provisioning.ofTheRepository(), PATIENCE).exemplarToTrace(traceId, Instant.now().plus(PATIENCE)).outcome())
        .isEqualTo(HopResult.Outcome.TICK);
  }

  @Test
  void aTraceIdThatPrometheusNeverSawHasNoExemplarAndTheCrossNamesPrometheusYml() {
    receiver.write(ChainDoctor.HANDLER);
    // Prometheus keeps exemplars, only none of this trace ID.
    Waits.until("any exemplar in Prometheus", PATIENCE, () -> Optional.of(backend.exemplars("prometheus",
        "http_request_duration_seconds_bucket", Window.last(Duration.ofMinutes(15)))).filter(a -> !a.failed() && !a.value().isEmpty()));
    String unknown = randomTraceId();

    HopResult crossed = doctor(Provisioning.ofTheRepository(), SHORT).metricToExemplar(SentRequests.only(unknown), Instant.now().plus(SHORT));
    assertThat(crossed.outcome()).isEqualTo(HopResult.Outcome.CROSS);
    assertThat(crossed.text()).startsWith("Prometheus keeps no exemplar of the doctor's request (trace " + unknown + ") for "
        + "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"receiver\"}[1m])))");
    assertThat(crossed.text()).containsPattern("\\(\\d+ of other requests\\)$").doesNotEndWith("(0 of other requests)");
    assertThat(crossed.lookAt()).contains("prometheus/prometheus.yml", "--enable-feature=exemplar-storage in docker-compose.yml");
    assertThat(crossed.took()).isGreaterThanOrEqualTo(SHORT.minusSeconds(1));
  }

  @Test
  void aSpanMetricsLinkToAMetricJaegerDoesNotMakeIsACrossThatNamesTheSpanMetricsConfig() {
    ObjectNode jaeger = Datasources.byUid("jaeger").deepCopy();
    ObjectNode calls = (ObjectNode) jaeger.path("jsonData").path("tracesToMetrics").path("queries").path(0);
    // The metric's name before the spanmetrics connector's rename: a query that finds nothing.
    calls.put("query", calls.path("query").asText().replace("traces_span_metrics_calls_total", "traces_spanmetrics_calls_total"));
    // First the repository's own link, with the patience of every walk: its tick shows that
    // Jaeger has flushed this request's span metrics under the connector's name.
    ChainDoctor repository = doctor(Provisioning.ofTheRepository(), PATIENCE);
    ChainDoctor.FreshRequest request = repository.send();
    assertTicked(walk(repository, request), Hop.EXEMPLAR_TO_TRACE, Hop.LOG_TO_TRACE, Hop.SPAN_TO_METRICS);
    // Then the same request through the broken link: every hop's data is already there, so the
    // cross needs only a short wait past what the first walk took, not the whole patience again.
    ChainDoctor doctor = doctor(Provisioning.ofTheRepository().withDatasource(jaeger),
        Duration.between(request.sentAt(), Instant.now()).plus(SHORT));
    Map<Hop, HopResult> hops = walk(doctor, request);

    HopResult crossed = hops.get(Hop.SPAN_TO_METRICS);
    assertThat(crossed.outcome()).isEqualTo(HopResult.Outcome.CROSS);
    assertThat(crossed.text()).startsWith("Prometheus returned no data for \"Calls of this operation\": ")
        .contains("traces_spanmetrics_calls_total{service_name=\"receiver\", span_name=\"POST /receive\"}");
    assertThat(crossed.lookAt()).isEqualTo("jaeger/config.yaml (the spanmetrics connector) and the jaeger-spanmetrics job in prometheus/prometheus.yml");
    assertThat(crossed.line()).startsWith("✗ span → metrics ");
    assertTicked(hops, Hop.EXEMPLAR_TO_TRACE, Hop.LOG_TO_TRACE);
    assertThat(Report.exitCode(List.copyOf(hops.values()))).isEqualTo(Report.A_HOP_IS_BROKEN);
  }

  // ---- helpers ----

  private ChainDoctor doctor(Provisioning links, Duration patience) {
    return new ChainDoctor(backend, receiver, links, patience);
  }

  /** Walks, printing each line into this class's failsafe report as `make check-links` prints it. */
  private static Map<Hop, HopResult> walk(ChainDoctor doctor, ChainDoctor.FreshRequest request) {
    System.out.println("---- walk of trace " + request.traceId());
    Map<Hop, HopResult> hops = new EnumMap<>(Hop.class);
    doctor.walk(request, result -> {
      System.out.println(result.line());
      hops.put(result.hop(), result);
    });
    assertThat(hops).containsOnlyKeys(Hop.values());
    return hops;
  }

  private static void assertTicked(Map<Hop, HopResult> hops, Hop... ticked) {
    for (Hop hop : ticked) {
      assertThat(hops.get(hop).outcome()).as(hops.get(hop).line()).isEqualTo(HopResult.Outcome.TICK);
    }
  }

  private int admin(String path) {
    return Http.post(stack.adminPort(), path, new byte[0], Map.of()).statusCode();
  }

  private static String randomTraceId() {
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private String scenario() {
    JsonNode answer = WebApi.json(Http.get(stack.adminPort(), "/scenario").body());
    return answer.path("scenario").asText();
  }
}
