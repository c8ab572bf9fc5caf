package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The chain doctor: one fresh request to the receiver, then each hop of the walk
 * (docs/walkthrough.md) with that request's IDs: the link rendered from the provisioning as
 * Grafana renders it, its query sent to a {@link Backend}, what came back judged. Used by
 * `make check-links` ({@link CheckLinks}), by StackIT through Grafana and by DoctorIT natively,
 * so that the tests and the doctor cannot drift apart.
 */
public final class ChainDoctor {

  /**
   * The doctor writes where only Prometheus's own 1.0 remote write goes, every few seconds: on
   * /api/v1/write the load generator's 10 requests a second would hold the exemplars.
   */
  public static final String HANDLER = "/receive";
  public static final String SERVER_SPAN = "POST " + HANDLER;
  /** The spans of one remote write: the server span the agent makes, and the receiver's own two. */
  public static final List<String> WRITE_SPANS = List.of(SERVER_SPAN, "decode", "unmarshal");
  /** The receiver's info line for each remote write it took. */
  public static final String LOG_LINE = "remote write request received";
  /** Grafana opens a Pyroscope span link over the span ±60 s (see GrafanaLinksTest). */
  static final Duration PROFILE_LINK_MARGIN = Duration.ofSeconds(60);
  /** The time range of the dashboard links: a dashboard's "Last 15 minutes". */
  static final Duration DASHBOARD_RANGE = Duration.ofMinutes(15);
  /** Explore's default time range, which a trace-by-ID lookup ignores. */
  static final Duration EXPLORE_RANGE = Duration.ofHours(1);
  private static final Duration POLL = Duration.ofMillis(500);

  private static final String DATASOURCES = Provisioning.DATASOURCES_FILE;
  private static final String WALKTHROUGH = Provisioning.WALKTHROUGH_FILE;
  private static final String EXEMPLARS_KEPT = "the receiver job in prometheus/prometheus.yml and"
      + " --enable-feature=exemplar-storage in docker-compose.yml (docs/troubleshooting.md#exemplars-do-not-show)";
  private static final String TRACES_EXPORTED = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT of the app service in"
      + " docker-compose.yml and jaeger/config.yaml";
  private static final String LOGS_EXPORTED = "loki/loki.yaml (otlp_config) and OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"
      + " in docker-compose.yml";
  private static final String SPAN_METRICS = "jaeger/config.yaml (the spanmetrics connector) and the"
      + " jaeger-spanmetrics job in prometheus/prometheus.yml";
  private static final String PROFILES_UPLOADED = "app/agents.args (what the profiler records) and"
      + " PYROSCOPE_SERVER_ADDRESS of the app service in docker-compose.yml";

  private final Backend backend;
  private final ReceiverClient receiver;
  private final Provisioning links;
  private final Duration patience;

  /** {@code patience}: how long after the request each hop may wait for its data to arrive. */
  public ChainDoctor(Backend backend, ReceiverClient receiver, Provisioning links, Duration patience) {
    this.backend = backend;
    this.receiver = receiver;
    this.links = links;
    this.patience = patience;
  }

  /** The doctor's request: its trace ID, why slow-decode stayed off for it (if it did), and when. */
  public record FreshRequest(String traceId, Optional<String> slowDecodeLeftOff, Instant sentAt) {
    public boolean slow() {
      return slowDecodeLeftOff.isEmpty();
    }
  }

  /**
   * Sends the fresh request: with slow-decode on, so that the profiler (a sample every 10 ms)
   * catches it, unless the learner runs a scenario or a drill, which the doctor leaves alone.
   */
  public FreshRequest send() {
    Optional<String> leftOff = receiver.whyNotSlowDecode();
    Instant at = Instant.now();
    String traceId = leftOff.isEmpty() ? receiver.withSlowDecode(this::writeOnce) : writeOnce();
    return new FreshRequest(traceId, leftOff, at);
  }

  /** One remote write the receiver takes: the errors scenario fails one in five, so up to three tries. */
  private String writeOnce() {
    for (int attempt = 1; ; attempt++) {
      try {
        return receiver.write(HANDLER);
      } catch (ReceiverClient.WriteRefused e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Every hop, in order, each reported to {@code eachHop} as soon as it is judged. */
  public List<HopResult> walk(FreshRequest request, Consumer<HopResult> eachHop) {
    Instant deadline = request.sentAt().plus(patience);
    List<HopResult> results = new ArrayList<>();
    Consumer<HopResult> judged = result -> {
      results.add(result);
      eachHop.accept(result);
    };
    SentRequests sent = SentRequests.startingWith(request.traceId(), this::writeOnce, scrapeInterval());
    judged.accept(metricToExemplar(sent, deadline));
    String traceId = sent.exemplified().orElse(request.traceId());
    HopResult toTrace = exemplarToTrace(traceId, deadline);
    judged.accept(toTrace);
    Optional<JaegerTrace> trace = toTrace.ticked() ? awaitTrace(traceId, SERVER_SPAN, deadline) : Optional.empty();
    judged.accept(timed(Hop.TRACE_TO_LOGS, LOGS_EXPORTED,
        () -> withTrace(toTrace, traceId, trace, t -> traceToLogs(t, deadline))));
    judged.accept(timed(Hop.LOG_TO_TRACE, DATASOURCES, () -> logToTrace(traceId, deadline)));
    judged.accept(timed(Hop.SPAN_TO_METRICS, SPAN_METRICS,
        () -> withTrace(toTrace, traceId, trace, t -> spanToMetrics(t, deadline))));
    judged.accept(timed(Hop.SPAN_TO_PROFILE, PROFILES_UPLOADED, () -> spanToProfile(request, deadline)));
    judged.accept(timed(Hop.PROFILE_TO_LOGS_AND_TRACES, WALKTHROUGH, () -> profileToLogsAndTraces(deadline)));
    return results;
  }

  // ---- the hops ----

  /** Metric ▶ exemplar: Prometheus keeps one of the doctor's requests as an exemplar of the dashboard's query. */
  public HopResult metricToExemplar(SentRequests sent, Instant deadline) {
    return timed(Hop.METRIC_TO_EXEMPLAR, EXEMPLARS_KEPT, () -> {
      Optional<Grafana.Panel> panel = links.panels().stream().filter(p -> exemplarTarget(p).isPresent()).findFirst();
      if (panel.isEmpty()) {
        return Verdict.cross("no dashboard panel asks Prometheus for exemplars", WALKTHROUGH + " (\"exemplar\": true)");
      }
      JsonNode target = exemplarTarget(panel.get()).orElseThrow();
      String uid = target.path("datasource").path("uid").asText(panel.get().datasourceUid());
      Optional<Verdict> wrong = wrongType(uid, "prometheus", "the exemplars of \"" + panel.get().where() + "\"", WALKTHROUGH);
      if (wrong.isPresent()) {
        return wrong.get();
      }
      Optional<String> promql = Grafana.interpolate(target.path("expr").asText(), Grafana.dashboardVariables());
      if (promql.isEmpty()) {
        return Verdict.cross("\"" + panel.get().where() + "\" uses a variable Grafana would not fill in", WALKTHROUGH);
      }
      return poll(deadline, () -> {
        Window window = new Window(Instant.now().minus(DASHBOARD_RANGE), Instant.now().plus(Duration.ofMinutes(1)));
        Answer<List<Exemplar>> answer = backend.exemplars(uid, promql.get(), window);
        if (answer.failed()) {
          return Verdict.cross(answer.error(), EXEMPLARS_KEPT);
        }
        List<String> ours = sent.traceIds();
        // The first request kept is the one to follow: the slow one, when Prometheus kept it.
        Optional<Exemplar> kept = ours.stream().flatMap(id -> answer.value().stream().filter(e -> e.traceId().equals(id)))
            .findFirst();
        if (kept.isPresent()) {
          sent.exemplified(kept.get().traceId());
          return Verdict.tick(String.format(Locale.ROOT, "Prometheus keeps trace %s as the exemplar of %s, value %.3f",
              kept.get().traceId(), kept.get().series(), kept.get().value()));
        }
        sent.sendAnotherWhenDue();
        return Verdict.cross("Prometheus keeps no exemplar of the doctor's " + requests(ours) + " for " + promql.get()
            + " (" + answer.value().size() + " of other requests)", EXEMPLARS_KEPT);
      });
    });
  }

  /** Exemplar ▶ trace: the exemplar's "Trace in Explore" link, rendered with the trace ID, finds the whole trace. */
  public HopResult exemplarToTrace(String traceId, Instant deadline) {
    String linkFile = DATASOURCES + " (exemplarTraceIdDestinations of Prometheus)";
    return timed(Hop.EXEMPLAR_TO_TRACE, TRACES_EXPORTED, () -> {
      Optional<JsonNode> destination = links.firstOfType("prometheus").stream()
          .flatMap(p -> StreamSupport.stream(p.path("jsonData").path("exemplarTraceIdDestinations").spliterator(), false))
          .filter(d -> d.path("url").asText().startsWith("/explore?")).findFirst();
      if (destination.isEmpty()) {
        return Verdict.cross("the Prometheus datasource has no exemplar link into Explore", linkFile);
      }
      String label = "\"" + destination.get().path("urlDisplayLabel").asText("the exemplar link") + "\"";
      Optional<String> url = Grafana.interpolate(destination.get().path("url").asText(), Map.of("__value.raw", traceId));
      if (url.isEmpty()) {
        return Verdict.cross(label + " uses a variable an exemplar does not give", linkFile);
      }
      Grafana.ExplorePane pane = Grafana.explorePane(url.get());
      Optional<Verdict> wrong = wrongType(pane.datasourceUid(), "jaeger", label, linkFile);
      if (wrong.isPresent()) {
        return wrong.get();
      }
      LinkQuery query = new LinkQuery(pane.datasourceUid(), "jaeger", pane.query(), Window.last(EXPLORE_RANGE));
      return poll(deadline, () -> traceCameBack(query, traceId, WRITE_SPANS, ""));
    });
  }

  /** Span ▶ logs: "Logs for this trace" (tracesToLogsV2), rendered with the server span, finds its log line. */
  private Verdict traceToLogs(JaegerTrace trace, Instant deadline) {
    String linkFile = DATASOURCES + " (tracesToLogsV2 of Jaeger)";
    JsonNode toLogs = jaegerSettings().path("tracesToLogsV2");
    if (toLogs.isMissingNode()) {
      return Verdict.cross("the Jaeger datasource has no tracesToLogsV2: spans have no logs link", linkFile);
    }
    JaegerTrace.Span server = trace.span(SERVER_SPAN).orElseThrow();
    Optional<String> logql = Grafana.interpolate(toLogs.path("query").asText(), JaegerTrace.linkVariables(trace, server));
    if (logql.isEmpty()) {
      return Verdict.cross("the logs link uses a variable a span does not give: " + toLogs.path("query").asText(), linkFile);
    }
    String uid = toLogs.path("datasourceUid").asText();
    Optional<Verdict> wrong = wrongType(uid, "loki", "the logs link", linkFile);
    if (wrong.isPresent()) {
      return wrong.get();
    }
    if (!backend.serves("loki")) {
      return Verdict.skipped(notServed("loki", logql.get()));
    }
    Window window = Window.around(server, Window.shift(toLogs.path("spanStartTimeShift").asText(), Duration.ZERO),
        Window.shift(toLogs.path("spanEndTimeShift").asText(), Duration.ZERO));
    ObjectNode query = JsonNodeFactory.instance.objectNode().put("expr", logql.get()).put("queryType", "range");
    return poll(deadline, () -> {
      Answer<List<String>> lines = backend.logLines(new LinkQuery(uid, "loki", query, window));
      if (lines.failed()) {
        return Verdict.cross("Loki answered: " + lines.error(), LOGS_EXPORTED);
      }
      if (lines.value().isEmpty()) {
        return Verdict.cross("Loki returned no line for " + logql.get(), LOGS_EXPORTED);
      }
      if (lines.value().stream().noneMatch(l -> l.contains(LOG_LINE))) {
        return Verdict.cross("Loki returned " + lines(lines.value().size()) + " of the trace, none of them \"" + LOG_LINE + "\"",
            "app/otel-agent.properties (the logs the agent captures)");
      }
      return Verdict.tick("Loki returned " + lines(lines.value().size()) + " of the trace, among them \"" + LOG_LINE + "\"");
    });
  }

  /** Log line ▶ trace: the trace_id derived field's internal link, rendered with the line's trace ID, finds the trace. */
  private Verdict logToTrace(String traceId, Instant deadline) {
    String linkFile = DATASOURCES + " (derivedFields of Loki)";
    Optional<JsonNode> derived = links.firstOfType("loki").stream()
        .flatMap(l -> StreamSupport.stream(l.path("jsonData").path("derivedFields").spliterator(), false))
        .filter(f -> !f.path("datasourceUid").asText().isEmpty()).findFirst();
    if (derived.isEmpty()) {
      return Verdict.cross("Loki's log lines have no trace_id link into Explore", linkFile);
    }
    Optional<String> rendered = Grafana.interpolate(derived.get().path("url").asText(), Map.of("__value.raw", traceId));
    if (rendered.isEmpty()) {
      return Verdict.cross("the line's trace link uses a variable a log line does not give", linkFile);
    }
    String uid = derived.get().path("datasourceUid").asText();
    Optional<Verdict> wrong = wrongType(uid, "jaeger", "the line's trace_id link", linkFile);
    if (wrong.isPresent()) {
      return wrong.get();
    }
    // An internal link's query to Jaeger: the rendered URL, and no query type (a trace-ID lookup).
    ObjectNode query = JsonNodeFactory.instance.objectNode().put("query", rendered.get());
    return poll(deadline, () -> traceCameBack(new LinkQuery(uid, "jaeger", query, Window.last(EXPLORE_RANGE)),
        traceId, List.of(), " from the line's trace_id"));
  }

  /** Span ▶ metrics: every tracesToMetrics query, rendered with the server span, finds data. */
  private Verdict spanToMetrics(JaegerTrace trace, Instant deadline) {
    String linkFile = DATASOURCES + " (tracesToMetrics of Jaeger)";
    JsonNode toMetrics = jaegerSettings().path("tracesToMetrics");
    if (toMetrics.path("queries").isEmpty()) {
      return Verdict.cross("the Jaeger datasource has no tracesToMetrics queries: spans have no metrics link", linkFile);
    }
    String uid = toMetrics.path("datasourceUid").asText();
    Optional<Verdict> wrong = wrongType(uid, "prometheus", "the metrics links", linkFile);
    if (wrong.isPresent()) {
      return wrong.get();
    }
    JaegerTrace.Span server = trace.span(SERVER_SPAN).orElseThrow();
    Map<String, String> vars = JaegerTrace.linkVariables(trace, server);
    Window window = Window.around(server, Window.shift(toMetrics.path("spanStartTimeShift").asText(), Duration.ZERO),
        Window.shift(toMetrics.path("spanEndTimeShift").asText(), Duration.ZERO));
    List<String> found = new ArrayList<>();
    for (JsonNode link : toMetrics.path("queries")) {
      String name = "\"" + link.path("name").asText() + "\"";
      Optional<String> promql = Grafana.interpolate(link.path("query").asText(), vars);
      if (promql.isEmpty()) {
        return Verdict.cross(name + " uses a variable a span does not give", linkFile);
      }
      ObjectNode query = JsonNodeFactory.instance.objectNode().put("expr", promql.get()).put("range", true);
      Verdict verdict = poll(deadline, () -> {
        Answer<Integer> points = backend.points(new LinkQuery(uid, "prometheus", query, window));
        if (points.failed()) {
          return Verdict.cross("Prometheus answered " + name + " with: " + points.error(), linkFile);
        }
        return points.value() > 0
            ? Verdict.tick(points.value() + " points for " + name)
            : Verdict.cross("Prometheus returned no data for " + name + ": " + promql.get(), SPAN_METRICS);
      });
      if (verdict.outcome() != HopResult.Outcome.TICK) {
        return verdict;
      }
      found.add(verdict.text());
    }
    return Verdict.tick("Prometheus returned " + String.join(", ", found) + " of " + server.operation());
  }

  /** Root span ▶ profile: "Profile of this span" (the Jaeger datasource's correlation) finds the slow request's CPU samples. */
  private Verdict spanToProfile(FreshRequest request, Instant deadline) {
    if (!request.slow()) {
      return Verdict.skipped(request.slowDecodeLeftOff().orElseThrow()
          + "; a request without slow-decode is too quick for the profiler");
    }
    String linkFile = DATASOURCES + " (correlations of Jaeger)";
    JsonNode jaeger = links.firstOfType("jaeger").orElseThrow(() -> new IllegalStateException("no Jaeger datasource"));
    Optional<JsonNode> correlation = StreamSupport.stream(jaeger.path("correlations").spliterator(), false)
        .filter(c -> links.type(c.path("targetUID").asText()).equals("grafana-pyroscope-datasource")).findFirst();
    if (correlation.isEmpty()) {
      return Verdict.cross("the Jaeger datasource has no correlation to a Pyroscope datasource (\"Profile of this span\")", linkFile);
    }
    Optional<JaegerTrace> trace = awaitTrace(request.traceId(), SERVER_SPAN, deadline);
    if (trace.isEmpty()) {
      return Verdict.cross("Jaeger has no trace " + request.traceId() + " of the slow request", TRACES_EXPORTED);
    }
    JaegerTrace.Span root = trace.get().spans().stream().filter(s -> s.parentId().isEmpty()).findFirst().orElseThrow();
    Optional<JsonNode> target = Grafana.interpolate(correlation.get().path("config").path("target"),
        JaegerTrace.linkVariables(trace.get(), root));
    if (target.isEmpty()) {
      return Verdict.cross("the root span " + root.operation() + " has no pyroscope.profile.id tag, so Grafana shows no \""
          + correlation.get().path("label").asText() + "\"", "app/agents.args (the Pyroscope OTel extension)");
    }
    String uid = correlation.get().path("targetUID").asText();
    String type = links.type(uid);
    if (!backend.serves(type)) {
      return Verdict.skipped(notServed(type, "the profile of span " + root.id()));
    }
    Window window = Window.around(root, PROFILE_LINK_MARGIN.negated(), PROFILE_LINK_MARGIN);
    String unit = target.get().path("profileTypeId").asText().split(":", -1).length > 2
        ? target.get().path("profileTypeId").asText().split(":", -1)[2] : "";
    return poll(deadline, () -> {
      Answer<Long> total = backend.profileTotal(new LinkQuery(uid, type, target.get(), window));
      if (total.failed()) {
        return Verdict.cross("Pyroscope answered: " + total.error(), PROFILES_UPLOADED);
      }
      if (total.value() <= 0) {
        return Verdict.cross("Pyroscope has no samples labelled with span " + root.id() + " of trace " + request.traceId(),
            PROFILES_UPLOADED);
      }
      return Verdict.tick("Pyroscope has " + amount(total.value(), unit) + " labelled with span " + root.id()
          + " (" + root.operation() + ")");
    });
  }

  /** Profile ▶ logs and traces: the flame graph panel's links, rendered for the dashboard's range, find both. */
  private Verdict profileToLogsAndTraces(Instant deadline) {
    String linkFile = WALKTHROUGH + " (the links of the flame graph panel)";
    Optional<Grafana.Panel> flame = links.panels().stream()
        .filter(p -> p.json().path("type").asText().equals("flamegraph")).findFirst();
    if (flame.isEmpty()) {
      return Verdict.cross("no dashboard has a flame graph panel", WALKTHROUGH);
    }
    Window range = Window.last(DASHBOARD_RANGE);
    Map<String, String> vars = Map.of("__from", Long.toString(range.fromMillis()), "__to", Long.toString(range.toMillis()));
    List<Grafana.ExplorePane> panes = new ArrayList<>();
    for (JsonNode link : flame.get().json().path("links")) {
      Optional<String> url = Grafana.interpolate(link.path("url").asText(), vars);
      if (url.isEmpty()) {
        return Verdict.cross("the link \"" + link.path("title").asText() + "\" uses a variable a panel does not give", linkFile);
      }
      panes.add(Grafana.explorePane(url.get()));
    }
    List<String> types = panes.stream().map(p -> links.type(p.datasourceUid())).toList();
    if (!types.contains("loki") || !types.contains("jaeger")) {
      return Verdict.cross("the flame graph's links open " + types + ", not Loki and Jaeger", linkFile);
    }
    Optional<String> unserved = types.stream().filter(t -> !backend.serves(t)).findFirst();
    if (unserved.isPresent()) {
      return Verdict.skipped(notServed(unserved.get(), "the flame graph's links"));
    }
    List<String> found = new ArrayList<>();
    for (Grafana.ExplorePane pane : panes) {
      String uid = pane.datasourceUid();
      String type = links.type(uid);
      Window window = new Window(Instant.ofEpochMilli(pane.range().path("from").asLong(range.fromMillis())),
          Instant.ofEpochMilli(pane.range().path("to").asLong(range.toMillis())));
      LinkQuery query = new LinkQuery(uid, type, pane.query(), window);
      Verdict verdict = poll(deadline, () -> switch (type) {
        case "loki" -> counted(backend.logLines(query).map(List::size), "Loki", "lines", linkFile);
        case "jaeger" -> counted(backend.tracesFound(query), "Jaeger", "traces", linkFile);
        default -> Verdict.cross("the flame graph links to a " + type + " datasource, which the walk does not expect", linkFile);
      });
      if (verdict.outcome() != HopResult.Outcome.TICK) {
        return verdict;
      }
      found.add(verdict.text());
    }
    return Verdict.tick(String.join(" and ", found) + " of the last " + DASHBOARD_RANGE.toMinutes() + " minutes");
  }

  // ---- helpers ----

  /** How a hop was judged, before it is timed. */
  private record Verdict(HopResult.Outcome outcome, String text, String lookAt) {
    static Verdict tick(String text) {
      return new Verdict(HopResult.Outcome.TICK, text, "");
    }

    static Verdict cross(String reason, String lookAt) {
      return new Verdict(HopResult.Outcome.CROSS, reason, lookAt);
    }

    static Verdict skipped(String reason) {
      return new Verdict(HopResult.Outcome.SKIPPED, reason, "");
    }
  }

  /** Judges a hop and times it; what goes wrong on the way (no answer, a malformed link) is its cross. */
  private static HopResult timed(Hop hop, String lookAtWhenItFails, Supplier<Verdict> check) {
    long start = System.nanoTime();
    Verdict verdict;
    try {
      verdict = check.get();
    } catch (RuntimeException e) { // Grafana.explorePane's refusal of a malformed Explore URL too
      verdict = Verdict.cross(WebApi.why(e), lookAtWhenItFails);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new HopResult(hop, verdict.outcome(), verdict.text(), verdict.lookAt(), took);
  }

  /** Looks again every {@link #POLL} while the hop crosses, until the deadline; at least once. */
  private static Verdict poll(Instant deadline, Supplier<Verdict> look) {
    while (true) {
      Verdict verdict = look.get();
      if (verdict.outcome() != HopResult.Outcome.CROSS || !pausedBefore(deadline)) {
        return verdict;
      }
    }
  }

  /** Waits one poll interval, if that ends before the deadline; says whether it did. */
  private static boolean pausedBefore(Instant deadline) {
    if (!Instant.now().plus(POLL).isBefore(deadline)) {
      return false;
    }
    try {
      Thread.sleep(POLL.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A hop that needs the trace's spans: skipped when exemplar → trace found none, crossed when only Jaeger's API did not. */
  private static Verdict withTrace(HopResult toTrace, String traceId, Optional<JaegerTrace> trace,
      java.util.function.Function<JaegerTrace, Verdict> hop) {
    if (trace.isPresent()) {
      return hop.apply(trace.get());
    }
    if (!toTrace.ticked()) {
      return Verdict.skipped("needs the spans of trace " + traceId + ", which " + Hop.EXEMPLAR_TO_TRACE.title() + " did not find");
    }
    return Verdict.cross("Jaeger's API gave no trace " + traceId + " to render the span's links with", DATASOURCES + " (Jaeger)");
  }

  /** The trace, once Jaeger's API has it with the given span; empty at the deadline. */
  private Optional<JaegerTrace> awaitTrace(String traceId, String withSpan, Instant deadline) {
    String jaegerUid = links.firstOfType("jaeger").map(j -> j.path("uid").asText()).orElse("jaeger");
    while (true) {
      Optional<JaegerTrace> trace;
      try {
        Answer<Optional<JaegerTrace>> answer = backend.trace(jaegerUid, traceId);
        trace = answer.failed() ? Optional.empty() : answer.value().filter(t -> t.span(withSpan).isPresent());
      } catch (java.io.UncheckedIOException noAnswer) {
        trace = Optional.empty(); // the hops that needed it say so
      }
      if (trace.isPresent() || !pausedBefore(deadline)) {
        return trace;
      }
    }
  }

  /** One look at a trace-by-ID query: does the trace come back, with these spans? */
  private Verdict traceCameBack(LinkQuery query, String traceId, List<String> spans, String how) {
    Answer<TraceSpans> answer = backend.traceSpans(query);
    // Jaeger answers 404 for a trace it does not hold (yet); Grafana's datasource passes that on as an error.
    boolean notHeld = answer.failed() && answer.error().contains("404");
    if (answer.failed() && !notHeld) {
      return Verdict.cross("Jaeger answered: " + answer.error(), DATASOURCES + " (the Jaeger datasource's url)");
    }
    if (notHeld || !answer.value().traceIds().contains(traceId)) {
      return Verdict.cross("Jaeger returned no trace " + traceId + how, TRACES_EXPORTED);
    }
    List<String> missing = spans.stream().filter(s -> !answer.value().operations().contains(s)).toList();
    if (!missing.isEmpty()) {
      return Verdict.cross("Jaeger trace " + traceId + " has " + answer.value().operations() + " but not " + missing,
          "app/src/main/java/dev/o11y/receiver/ReceiveHandler.java (its spans)");
    }
    return Verdict.tick("Jaeger trace " + traceId + how + (spans.isEmpty() ? "" : " with " + String.join(", ", spans)));
  }

  /** A link whose datasource is not of the type the walk needs there. */
  private Optional<Verdict> wrongType(String uid, String expected, String link, String lookAt) {
    String type = links.type(uid);
    if (type.equals(expected)) {
      return Optional.empty();
    }
    return Optional.of(Verdict.cross(link + " opens " + (type.isEmpty() ? "datasource uid \"" + uid + "\", which is not provisioned"
        : "datasource \"" + uid + "\" of type " + type) + ", not a " + expected + " datasource", lookAt));
  }

  private static Verdict counted(Answer<Integer> answer, String what, String things, String lookAt) {
    if (answer.failed()) {
      return Verdict.cross(what + " answered: " + answer.error(), lookAt);
    }
    return answer.value() > 0
        ? Verdict.tick(what + " returned " + answer.value() + " " + things)
        : Verdict.cross(what + " returned no " + things + " of the receiver over the last " + DASHBOARD_RANGE.toMinutes()
            + " minutes", lookAt);
  }

  /** A hop this backend cannot check: which program is missing, and what it would have been sent. */
  private String notServed(String type, String what) {
    String name = switch (type) {
      case "loki" -> "Loki";
      case "grafana-pyroscope-datasource" -> "Pyroscope";
      default -> type;
    };
    return "no " + name + " to send " + what + " to (" + backend.describe() + ")";
  }

  /** How often Prometheus scrapes the receiver (prometheus/prometheus.yml): an exemplar shows that much later. */
  private static Duration scrapeInterval() {
    return Window.shift(StackRoot.yaml("prometheus/prometheus.yml").path("global").path("scrape_interval").asText(),
        Duration.ofMinutes(1));
  }

  private JsonNode jaegerSettings() {
    return links.firstOfType("jaeger").map(j -> j.path("jsonData")).orElseThrow(() -> new IllegalStateException("no Jaeger datasource"));
  }

  private static Optional<JsonNode> exemplarTarget(Grafana.Panel panel) {
    return panel.targets().stream().filter(t -> t.path("exemplar").asBoolean() && t.has("expr")).findFirst();
  }

  private static String requests(List<String> traceIds) {
    return traceIds.size() == 1 ? "request (trace " + traceIds.get(0) + ")" : traceIds.size() + " requests";
  }

  private static String lines(int n) {
    return n == 1 ? "1 line" : n + " lines";
  }

  /** A profile's total in its unit: CPU time in milliseconds. */
  private static String amount(long total, String unit) {
    return unit.equals("nanoseconds")
        ? String.format(Locale.ROOT, "%.0f ms of CPU samples", total / 1e6)
        : total + " " + unit + " of samples";
  }
}
