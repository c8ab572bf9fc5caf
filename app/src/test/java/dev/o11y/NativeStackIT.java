package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.o11y.doctor.Grafana;
import dev.o11y.doctor.JaegerTrace;
import dev.o11y.support.Datasources;
import dev.o11y.support.Fixtures;
import dev.o11y.support.GrafanaQueries;
import dev.o11y.support.Http;
import dev.o11y.support.JaegerProcess;
import dev.o11y.support.JfrSamples;
import dev.o11y.support.LogQl;
import dev.o11y.support.LoopbackPorts;
import dev.o11y.support.MetricsText;
import dev.o11y.support.NativeStack;
import dev.o11y.support.OtlpSink;
import dev.o11y.support.ProfileSink;
import dev.o11y.support.PrometheusProcess;
import dev.o11y.support.ReceiverProcess;
import dev.o11y.support.ResidentMemory;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Tools;
import dev.o11y.support.Waits;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The stack's own programs, natively, with the stack's own files ({@link NativeStack}): both
 * remote-write protocols arrive whole, every dashboard query and rule runs, and every hop of the
 * Grafana walk, rendered as Grafana renders it, finds what it points at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NativeStackIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Samples this test posts itself as 1.0, to tell them apart from what Prometheus sends. */
  private final java.util.concurrent.atomic.AtomicLong postedV1Samples = new java.util.concurrent.atomic.AtomicLong();
  private NativeStack stack;
  private LoopbackPorts ports;
  private OtlpSink loki;
  private ProfileSink pyroscope;
  private JaegerProcess jaeger;
  private ReceiverProcess receiver;
  private PrometheusProcess prometheus;

  @BeforeAll
  void startTheStack() {
    stack = NativeStack.start(List.of("--slow-request-threshold=1s"), true);
    ports = stack.ports();
    loki = stack.loki();
    pyroscope = stack.pyroscope();
    jaeger = stack.jaeger();
    receiver = stack.receiver();
    prometheus = stack.prometheus();
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close(); // the programs' logs land in the failsafe report of this class
    }
  }

  @Test
  void runsTheVersionsThatComposePins() throws Exception {
    assertThat(run("prometheus", "--version")).contains("version " + StackFiles.imageVersion("prometheus") + " ");
    assertThat(JSON.readTree(run("jaeger", "version")).path("gitVersion").asText())
        .isEqualTo("v" + StackFiles.imageVersion("jaeger"));
  }

  @Test
  void prometheusScrapesTheReceiverAndJaeger() {
    // Loki, Pyroscope and Grafana are not running here; everything else must be up.
    Set<String> up = Waits.until("every target that runs here to be up", WAIT, () -> {
      Set<String> healthy = prometheus.targets().stream().filter(t -> t.split(" ")[1].equals("up"))
          .map(t -> t.split(" ")[0]).collect(Collectors.toSet());
      return healthy.size() == 4 ? Optional.of(healthy) : Optional.empty();
    });
    assertThat(up).containsExactlyInAnyOrder("receiver", "prometheus", "jaeger", "jaeger-spanmetrics");
  }

  @Test
  void remoteWriteInBothProtocolsArrivesWhole() {
    for (String[] queue : List.of(new String[] {"receiver-v1", "1.0"}, new String[] {"receiver-v2", "2.0"})) {
      String name = queue[0];
      String version = queue[1];
      for (String kind : List.of("samples", "histograms", "exemplars")) {
        // Between Prometheus's sent counter read before and after the receiver's count.
        double sentBefore = Waits.until(name + " to have sent " + kind, WAIT, () ->
            Optional.of(sent(name, kind)).filter(n -> n > 0));
        double received = Waits.until("the receiver to count the " + kind + " of " + name, WAIT, () ->
            Optional.of(fromPrometheus("receiver_" + kind + "_received_total", version)).filter(n -> n >= sentBefore));
        assertThat(received).as(kind + " of " + name).isLessThanOrEqualTo(sent(name, kind));
      }
      for (String failure : List.of("failed", "retried", "dropped")) {
        for (String kind : List.of("samples", "histograms", "exemplars")) {
          assertThat(prometheus.selfMetricBy("prometheus_remote_storage_" + kind + "_" + failure + "_total", "remote_name")
              .getOrDefault(name, 0.0)).as(kind + " " + failure + " by " + name).isZero();
        }
      }
      // Metadata: 1.0 in requests of their own, 2.0 on each series.
      Waits.until("metadata from " + name, WAIT, () ->
          Optional.of(receivedByVersion("receiver_metadata_received_total", version)).filter(n -> n > 0));
    }
    assertThat(prometheus.selfMetricBy("prometheus_remote_storage_metadata_failed_total", "remote_name")
        .getOrDefault("receiver-v1", 0.0)).isZero();
  }

  @Test
  void anExemplarThatPrometheusStoredLeadsToTheTraceInJaeger() {
    for (String handler : List.of("/receive", "/api/v1/write")) {
      String traceId = anExemplarTraceId(handler);
      JaegerTrace trace = awaitTrace(traceId, "POST " + handler);
      JaegerTrace.Span server = trace.span("POST " + handler).orElseThrow();
      assertThat(trace.serviceOf(server)).isEqualTo("receiver");
      assertThat(trace.childrenOf(server)).extracting(JaegerTrace.Span::operation).contains("decode", "unmarshal");
    }
    // The receiver's own counters carry exemplars too.
    Waits.until("an exemplar on receiver_samples_received_total", WAIT, () ->
        prometheus.exemplarTraceIds("receiver_samples_received_total").stream().findFirst());
  }

  @Test
  void jaegerSpanMetricsReachPrometheus() {
    Waits.until("traces_span_metrics_calls_total of the receiver in Prometheus", WAIT, () ->
        Optional.of(prometheus.query("sum(traces_span_metrics_calls_total{service_name=\"receiver\"})").path("result"))
            .filter(r -> r.size() > 0));
  }

  @Test
  void logsAndProfilesCarryTheTraceAndSpanIdsThatJaegerHolds() {
    // A log record the receiver exported: its trace is in Jaeger, its span is the server span.
    OtlpSink.ReceivedLog log = Waits.until("a log record of a remote write", WAIT, () -> loki.logs().stream()
        .filter(l -> l.body().equals("remote write request received") && !l.traceId().isEmpty()).findFirst());
    JaegerTrace trace = Waits.until("the trace and span of the log record in Jaeger", WAIT, () ->
        jaeger.api("/api/traces/" + log.traceId()).map(JaegerTrace::of).filter(t -> t.spanById(log.spanId()).isPresent()));
    JaegerTrace.Span logged = trace.spanById(log.spanId()).orElseThrow();
    assertThat(logged.operation()).startsWith("POST /");
    assertThat(logged.parentId()).isEmpty();
    assertThat(log.serviceName()).isEqualTo("receiver");
    // app/otel-agent.properties: the MDC's request_id and the line's own key-value pairs.
    assertThat(log.attributes()).containsKeys("request_id", "version", "series", "samples", "bytes", "duration");
    assertThat(log.attributes().get("request_id")).isNotBlank();
    assertThat(Long.parseLong(log.attributes().get("samples"))).isPositive();
    // Settings the agent knows and does not deprecate: it warns once at start otherwise.
    assertThat(receiver.output()).doesNotContain("are deprecated");

    // The slow-decode scenario: the slow request is logged at warn with its trace ID; the
    // caller's traceparent is honoured; the CPU profile has samples labelled with its span.
    String callerTraceId = HexFormat.of().formatHex(randomBytes(16));
    String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
    HttpResponse<String> slow = slowRequest(Map.of("traceparent", "00-" + callerTraceId + "-" + callerSpanId + "-01"));
    assertThat(slow.statusCode()).isEqualTo(204);
    assertThat(slow.headers().firstValue("X-Trace-Id")).hasValue(callerTraceId);

    JaegerTrace slowTrace = awaitTrace(callerTraceId, "POST /receive");
    JaegerTrace.Span slowServer = slowTrace.span("POST /receive").orElseThrow();
    assertThat(slowServer.parentId()).isEqualTo(callerSpanId);
    String slowLine = receiver.awaitLine(l -> l.contains("\"slow request\"") && l.contains(callerTraceId), WAIT);
    JsonNode slowLog = json(slowLine);
    assertThat(slowLog.path("level").asText()).isEqualTo("WARN");
    assertThat(slowLog.path("span_id").asText()).isEqualTo(slowServer.id());

    long spanIdAsProfileLabel = Long.parseUnsignedLong(slowServer.id(), 16);
    Waits.until("CPU samples labelled with span " + slowServer.id(), WAIT, () -> pyroscope.uploads().stream()
        .filter(u -> u.parts().containsKey("jfr"))
        .filter(u -> spanIdsOfSamples(u.parts().get("jfr")).contains(spanIdAsProfileLabel))
        .findFirst());
    assertThat(pyroscope.uploads()).allSatisfy(u -> assertThat(u.query().get("name")).startsWith("receiver"));
  }

  @Test
  void aRefusedBodyLeavesAFailedDecodeSpanInJaeger() {
    HttpResponse<String> corrupt = Http.post(ports.of("app", 8080), "/receive", new byte[] {1, 2, 3, 4, 5}, Fixtures.headers());
    assertThat(corrupt.statusCode()).isEqualTo(400);
    String traceId = corrupt.headers().firstValue("X-Trace-Id").orElseThrow();
    JaegerTrace trace = awaitTrace(traceId, "decode");
    assertThat(trace.span("decode").orElseThrow().tag("otel.status_code")).isEqualTo("ERROR");
  }

  @Test
  void everyPrometheusQueryOfTheDashboardsAndLinksRunsAndFindsData() {
    // Wait until the receiver's series have been scraped a few times, so rates have two points,
    // and Jaeger's span metrics have been flushed and scraped.
    Waits.until("rate() over the receiver's requests", WAIT, () -> Optional.of(
        prometheus.query("sum(rate(http_request_duration_seconds_count{job=\"receiver\"}[1m]))").path("result"))
        .filter(r -> r.size() > 0));
    Waits.until("rate() over the span metrics", WAIT, () -> Optional.of(
        prometheus.query("sum(rate(traces_span_metrics_calls_total{service_name=\"receiver\"}[1m]))").path("result"))
        .filter(r -> r.size() > 0));
    JaegerTrace trace = awaitTrace(anExemplarTraceId("/receive"), "POST /receive");
    List<GrafanaQueries.Query> queries = GrafanaQueries.prometheusQueries(
        JaegerTrace.linkVariables(trace, trace.span("POST /receive").orElseThrow()));
    assertThat(queries).hasSizeGreaterThan(15);
    for (GrafanaQueries.Query query : queries) {
      JsonNode result = prometheus.query(query.promql()).path("result"); // fails on a query error
      if (!GrafanaQueries.NO_DATA_IN_THIS_TEST.contains(query.where()) && result.size() == 0) {
        // A series may need another scrape or span-metrics flush before rate() has two points.
        Waits.until("data for " + query.where() + ": " + query.promql(), WAIT, () ->
            Optional.of(prometheus.query(query.promql()).path("result")).filter(r -> r.size() > 0));
      }
    }
  }

  @Test
  void everyRuleLoadsFromTheStackFilesAndEvaluatesWithoutError() {
    JsonNode groups = Waits.until("every rule evaluated once", WAIT, () -> {
      JsonNode g = prometheus.api("/api/v1/rules").path("groups");
      boolean all = g.size() > 0 && StreamSupport.stream(g.spliterator(), false)
          .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
          .noneMatch(rule -> rule.path("lastEvaluation").asText().startsWith("0001-"));
      return all ? Optional.of(g) : Optional.empty();
    });
    List<JsonNode> rules = StreamSupport.stream(groups.spliterator(), false)
        .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false)).toList();
    assertThat(rules).hasSize(ruleCountInTheStackFiles());
    assertThat(rules).allSatisfy(rule -> assertThat(rule.path("health").asText())
        .as(rule.path("name").asText() + ": " + rule.path("lastError").asText()).isEqualTo("ok"));
  }

  // ---- the Grafana walk, each hop's link rendered as Grafana would and sent where it points ----

  @Test
  void exemplarLinksOpenTheTraceInJaeger() {
    String traceId = anExemplarTraceId("/receive");
    JsonNode destinations = Datasources.byUid("prometheus").path("jsonData").path("exemplarTraceIdDestinations");
    assertThat(destinations).hasSize(2);
    Map<String, String> vars = Map.of("__value.raw", traceId);
    // "Trace in Explore": the pane's query goes to Jaeger's trace-by-ID API.
    Grafana.ExplorePane pane = Grafana.explorePane(Grafana.interpolate(destinations.path(0).path("url").asText(), vars).orElseThrow());
    assertThat(pane.datasourceUid()).isEqualTo("jaeger");
    assertThat(pane.queryType()).as("the Jaeger datasource looks a trace up by ID only with no query type").isEmpty();
    assertThat(jaegerTraceByIdQuery(pane.query()).span("POST /receive")).isPresent();
    // "Trace in Jaeger UI": Jaeger's own trace page, on its published port.
    String ui = Grafana.interpolate(destinations.path(1).path("url").asText(), vars).orElseThrow();
    assertThat(ui).startsWith("http://127.0.0.1:" + StackFiles.composeDefault("JAEGER_UI_PORT") + "/trace/" + traceId);
    assertThat(Http.get(jaeger.queryPort(), ui.substring(ui.indexOf("/trace/"))).statusCode()).isEqualTo(200);
  }

  @Test
  void aLogLineLinksToItsTraceAndTheTraceLinksToItsLogLines() {
    OtlpSink.ReceivedLog log = Waits.until("a log record of a remote write", WAIT, () -> loki.logs().stream()
        .filter(l -> l.body().equals("remote write request received") && !l.traceId().isEmpty()).findFirst());
    // Log line ▶ trace: the derived field's internal query, as Loki's datasource builds it for Jaeger.
    JsonNode derived = Datasources.byUid("loki").path("jsonData").path("derivedFields").path(0);
    assertThat("trace_id").matches(derived.path("matcherRegex").asText());
    assertThat(Datasources.typeOf(derived.path("datasourceUid").asText())).hasValue("jaeger");
    String query = Grafana.interpolate(derived.path("url").asText(), Map.of("__value.raw", log.traceId())).orElseThrow();
    JaegerTrace trace = Waits.until("the trace of the log line", WAIT, () ->
        jaeger.api("/api/traces/" + query).map(JaegerTrace::of).filter(t -> t.spanById(log.spanId()).isPresent()));

    // Span ▶ logs: the custom query, rendered with that span, selects the record the sink holds.
    JaegerTrace.Span span = trace.spanById(log.spanId()).orElseThrow();
    JsonNode toLogs = Datasources.byUid("jaeger").path("jsonData").path("tracesToLogsV2");
    assertThat(Datasources.typeOf(toLogs.path("datasourceUid").asText())).hasValue("loki");
    String logql = Grafana.interpolate(toLogs.path("query").asText(), JaegerTrace.linkVariables(trace, span)).orElseThrow();
    assertThat(LogQl.hasSelectiveStreamSelector(logql)).as(logql).isTrue();
    // Loki turns the resource's service.name into the stream label service_name (loki/loki.yaml).
    assertThat(logql).isEqualTo("{service_name=\"" + log.serviceName() + "\"} | trace_id=\"" + log.traceId() + "\"");
  }

  @Test
  void theRootSpanLinksToTheCpuSamplesLabelledWithIt() {
    // A request slow enough for the profiler (a sample every 10 ms of CPU) to catch it.
    HttpResponse<String> slow = slowRequest(Map.of());
    assertThat(slow.statusCode()).isEqualTo(204);
    String traceId = slow.headers().firstValue("X-Trace-Id").orElseThrow();
    JaegerTrace trace = awaitTrace(traceId, "POST /receive");
    JaegerTrace.Span root = trace.span("POST /receive").orElseThrow();
    assertThat(root.parentId()).isEmpty();
    // The Pyroscope extension tags the root span with the ID its samples carry.
    assertThat(root.tag("pyroscope.profile.id")).isEqualTo(root.id());

    JsonNode correlation = Datasources.byUid("jaeger").path("correlations").path(0);
    assertThat(Datasources.typeOf(correlation.path("targetUID").asText())).hasValue("grafana-pyroscope-datasource");
    JsonNode target = Grafana.interpolate(correlation.path("config").path("target"), JaegerTrace.linkVariables(trace, root)).orElseThrow();
    assertThat(target.path("queryType").asText()).isEqualTo("profile");
    String selected = target.path("spanSelector").path(0).asText();
    assertThat(selected).isEqualTo(root.id());
    // On a child span the tag is missing, and Grafana leaves the link out.
    JaegerTrace.Span child = trace.span("decode").orElseThrow();
    assertThat(Grafana.interpolate(correlation.path("config").path("target"), JaegerTrace.linkVariables(trace, child))).isEmpty();

    // The profile holds CPU samples labelled with that span, uploaded within the link's window
    // (span ±60 s): the window is longer than the agent's upload interval.
    long label = Long.parseUnsignedLong(selected, 16);
    Waits.until("CPU samples labelled with span " + selected, WAIT, () -> pyroscope.uploads().stream()
        .filter(u -> u.parts().containsKey("jfr"))
        .filter(u -> spanIdsOfSamples(u.parts().get("jfr")).contains(label))
        .findFirst());
    JsonNode embedded = Datasources.byUid("jaeger").path("jsonData").path("tracesToProfiles");
    assertThat(embedded.path("profileTypeId").asText()).isEqualTo(target.path("profileTypeId").asText());
    assertThat(embedded.path("query").asText()).isEqualTo(target.path("labelSelector").asText());
  }

  @Test
  void theFlameGraphLinksToTheTracesAndLogsOfItsTimeRange() {
    long to = System.currentTimeMillis();
    long from = to - Duration.ofMinutes(15).toMillis();
    Map<String, String> range = Map.of("__from", Long.toString(from), "__to", Long.toString(to));
    Grafana.Panel flame = Grafana.panels().stream().filter(p -> p.json().path("type").asText().equals("flamegraph"))
        .findFirst().orElseThrow();
    List<Grafana.ExplorePane> panes = StreamSupport.stream(flame.json().path("links").spliterator(), false)
        .map(l -> Grafana.explorePane(Grafana.interpolate(l.path("url").asText(), range).orElseThrow())).toList();
    assertThat(panes).extracting(Grafana.ExplorePane::datasourceUid).containsExactlyInAnyOrder("loki", "jaeger");
    for (Grafana.ExplorePane pane : panes) {
      assertThat(pane.range().path("from").asText()).isEqualTo(Long.toString(from));
      if (pane.datasourceUid().equals("loki")) {
        assertThat(LogQl.hasSelectiveStreamSelector(pane.query().path("expr").asText())).isTrue();
      } else {
        // The Jaeger datasource's search: GET /api/traces?service=...&start=...&end=... (microseconds).
        assertThat(pane.queryType()).isEqualTo("search");
        String search = "/api/traces?service=" + pane.query().path("service").asText()
            + "&start=" + from * 1000 + "&end=" + to * 1000 + "&limit=20";
        Waits.until("traces of the receiver in that range", WAIT, () ->
            jaeger.api(search).filter(a -> a.path("data").size() > 0));
      }
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last, after every other test has put its load on the programs
  void everyProgramPeaksWellInsideItsComposeMemoryLimit() {
    Tools.requireThat(ResidentMemory.available(), "/proc is not there to read resident memory from (Linux only)");
    stack.pids().forEach((service, pid) -> {
      long peak = ResidentMemory.peakBytes(pid).orElseThrow();
      long limit = StackFiles.memLimitBytes(service);
      System.out.printf("memory: %s peaked at %s MiB of its %s MiB mem_limit%n", service, ResidentMemory.mib(peak), ResidentMemory.mib(limit));
      ResidentMemory.assertPeakWithinRecordAndLimit(service, peak, limit);
    });
  }

  // ---- helpers ----

  private String anExemplarTraceId(String handler) {
    return Waits.until("an exemplar with a trace_id for POST " + handler, WAIT, () ->
        prometheus.exemplarTraceIds("http_request_duration_seconds_bucket{handler=\"" + handler + "\"}")
            .stream().findFirst());
  }

  /** A Jaeger trace-by-ID query (no query type) sent as the Jaeger datasource sends it. */
  private JaegerTrace jaegerTraceByIdQuery(JsonNode query) {
    String id = query.path("query").asText();
    assertThat(id).matches("[0-9a-f]{32}");
    return awaitTrace(id, "POST /receive");
  }

  private static int ruleCountInTheStackFiles() {
    int rules = 0;
    try (var files = Files.list(StackFiles.path("prometheus/rules"))) {
      for (Path file : files.toList()) {
        for (JsonNode group : StackFiles.yaml(StackFiles.root().relativize(file).toString()).path("groups")) {
          rules += group.path("rules").size();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rules;
  }

  private JaegerTrace awaitTrace(String traceId, String withOperation) {
    return Waits.until("trace " + traceId + " with " + withOperation + " in Jaeger", WAIT, () ->
        jaeger.api("/api/traces/" + traceId).map(JaegerTrace::of)
            .filter(t -> t.span(withOperation).isPresent()));
  }

  private double sent(String remoteName, String kind) {
    return prometheus.selfMetricBy("prometheus_remote_storage_" + kind + "_total", "remote_name").getOrDefault(remoteName, 0.0);
  }

  private double receivedByVersion(String counter, String version) {
    return MetricsText.value(Http.get(ports.of("app", 8081), "/metrics").body(), counter + "{version=\"" + version + "\"}");
  }

  /** What the receiver counted, less what this test posted itself. */
  private double fromPrometheus(String counter, String version) {
    double posted = counter.equals("receiver_samples_received_total") && version.equals("1.0") ? postedV1Samples.get() : 0;
    return receivedByVersion(counter, version) - posted;
  }

  /** Posts a fixture body with the slow-decode scenario on; returns the response. */
  private HttpResponse<String> slowRequest(Map<String, String> extraHeaders) {
    Http.post(ports.of("app", 8081), "/scenario?name=slow-decode", new byte[0], Map.of());
    try {
      Map<String, String> headers = new HashMap<>(Fixtures.headers());
      headers.putAll(extraHeaders);
      Fixtures.Body body = Fixtures.bodies().get(0);
      HttpResponse<String> response = Http.post(ports.of("app", 8080), "/receive", body.bytes(), headers);
      if (response.statusCode() == 204) {
        postedV1Samples.addAndGet(dev.o11y.support.WireCounts.ofSnappyV1(body.bytes()).samples());
      }
      return response;
    } finally {
      Http.post(ports.of("app", 8081), "/scenario?name=none", new byte[0], Map.of());
    }
  }

  /** A command's standard output (its standard error is left out: Jaeger logs there). */
  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON log line: " + line, e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** The span IDs (as the profiler stores them, signed 64-bit) on the CPU samples of a JFR upload. */
  private static Set<Long> spanIdsOfSamples(byte[] jfr) {
    return JfrSamples.of(jfr).stream().filter(s -> s.isCpu() && s.spanId() != 0)
        .map(JfrSamples.Sample::spanId).collect(Collectors.toSet());
  }
}
