package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.Grafana;
import dev.o11y.support.Datasources;
import dev.o11y.support.LogQl;
import dev.o11y.support.StackFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The link contract of the Grafana walk, hop by hop, on the provisioning and dashboards as
 * Grafana 13 reads them: every target datasource exists, every query has a type its target
 * answers, every variable is one Grafana fills in, every LogQL selects a stream, every
 * profile window covers an upload. NativeStackIT renders the same links with real trace and
 * span IDs and sends them to Prometheus 3 and Jaeger v2.
 */
class GrafanaLinksTest {

  /** What Grafana's trace view offers a span link (createSpanLink.tsx, scopedVarsFromSpan). */
  private static final Map<String, String> SPAN = Map.of(
      "__span.spanId", "53995c3f42cd8ad8", "__span.traceId", "0af7651916cd43dd8448eb211c80319c",
      "__span.name", "POST /receive", "__trace.traceId", "0af7651916cd43dd8448eb211c80319c",
      "__span.tags[\"pyroscope.profile.id\"]", "53995c3f42cd8ad8");

  /**
   * The query types the Jaeger datasource's backend answers: "" is a trace-ID lookup; "upload" it refuses,
   * as frontend-only (grafana/grafana-jaeger-datasource pkg/jaeger/querydata.go:41-44,53,66,83 at
   * v13.0.1-9-g9d46d95, fetched; the plugin version Grafana 13.2.0 bundles was not read).
   */
  private static final Set<String> JAEGER_QUERY_TYPES = Set.of("", "search", "dependencyGraph");

  @Test
  void exemplarsOpenTheTraceByUrlBecauseTheInternalLinkAsksJaegerWithTraceql() {
    JsonNode destinations = Datasources.byUid("prometheus").path("jsonData").path("exemplarTraceIdDestinations");
    assertThat(destinations).isNotEmpty();
    for (JsonNode destination : destinations) {
      assertThat(destination.path("name").asText()).as("the exemplar label the receiver sets").isEqualTo("trace_id");
      // grafana/grafana#111448: a datasourceUid link sends queryType "traceql", which Jaeger ignores.
      assertThat(destination.has("datasourceUid")).as("no internal exemplar link to Jaeger").isFalse();
    }
    Grafana.ExplorePane pane = Grafana.explorePane(
        Grafana.interpolate(destinations.path(0).path("url").asText(), Map.of("__value.raw", "abc")).orElseThrow());
    assertThat(Datasources.typeOf(pane.datasourceUid())).hasValue("jaeger");
    assertThat(pane.queryType()).isEmpty();
    assertThat(pane.query().path("query").asText()).isEqualTo("abc");
    assertThat(destinations.path(1).path("url").asText()).isEqualTo("http://127.0.0.1:16686/trace/${__value.raw}");
  }

  @Test
  void aLogLineLinksToItsTraceThroughTheStructuredMetadataTraceId() {
    JsonNode derived = Datasources.byUid("loki").path("jsonData").path("derivedFields");
    assertThat(derived).isNotEmpty();
    for (JsonNode field : derived) {
      assertThat(field.path("matcherType").asText()).isEqualTo("label");
      // Tested against every label name: it must pick trace_id and nothing like it.
      assertThat("trace_id").matches(".*" + field.path("matcherRegex").asText() + ".*");
      assertThat("parent_trace_id").doesNotMatch(".*" + field.path("matcherRegex").asText() + ".*");
    }
    JsonNode internal = derived.path(0);
    assertThat(Datasources.typeOf(internal.path("datasourceUid").asText())).hasValue("jaeger");
    assertThat(internal.path("url").asText()).isEqualTo("${__value.raw}");
    // A link out of Grafana, to Jaeger's own page, opens a tab of its own, as Trace in Explore does.
    for (JsonNode field : derived) {
      if (!field.has("datasourceUid")) {
        assertThat(field.path("targetBlank").asBoolean()).as("%s opens in a new tab", field.path("name").asText()).isTrue();
      }
    }
  }

  @Test
  void aSpanLinksToTheLogLinesOfItsTrace() {
    JsonNode toLogs = Datasources.byUid("jaeger").path("jsonData").path("tracesToLogsV2");
    assertThat(Datasources.typeOf(toLogs.path("datasourceUid").asText())).hasValue("loki");
    assertThat(toLogs.path("customQuery").asBoolean()).isTrue();
    String logql = Grafana.interpolate(toLogs.path("query").asText(), SPAN)
        .orElseThrow(() -> new AssertionError("a variable the trace view does not give: " + toLogs.path("query")));
    assertThat(LogQl.hasSelectiveStreamSelector(logql)).as(logql).isTrue();
    assertThat(logql).contains("trace_id=\"" + SPAN.get("__span.traceId") + "\"");
    // The trace-level logs link of newer builds knows only the trace's own variables.
    Map<String, String> traceOnly = Map.of("__trace.traceId", SPAN.get("__trace.traceId"));
    assertThat(Grafana.interpolate(toLogs.path("query").asText(), traceOnly)).as("the trace-level link").hasValue(logql);
  }

  @Test
  void aSpanLinksToItsSpanMetrics() {
    JsonNode toMetrics = Datasources.byUid("jaeger").path("jsonData").path("tracesToMetrics");
    assertThat(Datasources.typeOf(toMetrics.path("datasourceUid").asText())).hasValue("prometheus");
    Map<String, String> rendered = new LinkedHashMap<>();
    for (JsonNode query : toMetrics.path("queries")) {
      String template = query.path("query").asText();
      rendered.put(query.path("name").asText(),
          Grafana.interpolate(template, SPAN).orElse("a variable the trace view does not give: " + template));
    }
    // The span metrics the walk's "span → metrics" hop reads, for the span the trace view gives.
    assertThat(rendered).containsExactly(Map.entry("Calls of this operation",
        "sum by (status_code) (rate(traces_span_metrics_calls_total{service_name=\"receiver\", span_name=\"POST /receive\"}[1m]))"));
  }

  @Test
  void theRootSpanLinksToItsProfileOverMoreThanOneUploadInterval() {
    JsonNode jaeger = Datasources.byUid("jaeger");
    JsonNode embedded = jaeger.path("jsonData").path("tracesToProfiles");
    assertThat(Datasources.typeOf(embedded.path("datasourceUid").asText())).hasValue("grafana-pyroscope-datasource");
    JsonNode correlation = jaeger.path("correlations").path(0);
    assertThat(correlation.path("label").asText()).isNotBlank();
    assertThat(correlation.path("description").asText()).as("Grafana's provisioning reads both").isNotBlank();
    assertThat(correlation.path("config").path("field").asText()).as("a field of Jaeger's trace frame").isEqualTo("spanID");
    assertThat(correlation.path("type").asText()).as("Grafana 13 reads a correlation's type at its top level").isEqualTo("query");
    assertThat(correlation.path("config").has("type")).as("the legacy place of the type").isFalse();
    JsonNode target = Grafana.interpolate(correlation.path("config").path("target"), SPAN).orElseThrow();
    assertThat(target.path("queryType").asText()).isEqualTo("profile");
    assertThat(target.path("spanSelector").path(0).asText()).isEqualTo(SPAN.get("__span.tags[\"pyroscope.profile.id\"]"));
    assertThat(target.path("profileTypeId").asText()).isEqualTo(embedded.path("profileTypeId").asText())
        .isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    // Grafana opens a Pyroscope span link over the span ±60 s, the embedded flame graph over
    // ±30 s (createTraceLink.ts, SpanFlameGraph.tsx): both outlast the agent's upload interval.
    Duration window = Duration.ofSeconds(2 * 30);
    assertThat(uploadInterval()).isLessThan(window);
  }

  @Test
  void aRootSpanInExploreShowsAtMostThreeLinksSoNoneHidesInALinksMenu() {
    JsonNode jaeger = Datasources.byUid("jaeger");
    int links = 1 // trace to logs
        + jaeger.path("jsonData").path("tracesToMetrics").path("queries").size()
        + jaeger.path("correlations").size();
    // A link titled "Related profiles" brings an "Open in Profiles Drilldown" one with it.
    boolean relatedProfiles = StreamSupport.stream(jaeger.path("correlations").spliterator(), false)
        .anyMatch(c -> c.path("label").asText().equals("Related profiles"));
    assertThat(links + (relatedProfiles ? 1 : 0)).as("SpanDetailLinkButtons.tsx MAX_LINKS").isLessThanOrEqualTo(3);
  }

  @Test
  void theFlameGraphLinksToLogsAndTracesOfItsTimeRange() {
    Grafana.Panel flame = Grafana.panels().stream().filter(p -> p.json().path("type").asText().equals("flamegraph"))
        .findFirst().orElseThrow();
    List<String> targets = new ArrayList<>();
    for (JsonNode link : flame.json().path("links")) {
      Grafana.ExplorePane pane = Grafana.explorePane(
          Grafana.interpolate(link.path("url").asText(), Map.of("__from", "1", "__to", "2")).orElseThrow());
      targets.add(pane.datasourceUid());
      assertThat(pane.range().path("from").asText()).isEqualTo("1");
      if (pane.datasourceUid().equals("loki")) {
        assertThat(LogQl.hasSelectiveStreamSelector(pane.query().path("expr").asText())).isTrue();
      } else {
        assertThat(pane.queryType()).isIn(JAEGER_QUERY_TYPES);
      }
    }
    assertThat(targets).containsExactlyInAnyOrder("loki", "jaeger");
  }

  @Test
  void everyDashboardQueryToJaegerHasATypeItAnswersAndNeedsNoEmptyVariable() {
    for (Grafana.Panel panel : Grafana.panels()) {
      for (JsonNode target : panel.targets()) {
        if (target.path("datasource").path("uid").asText(panel.datasourceUid()).equals("jaeger")) {
          assertThat(target.path("queryType").asText("")).as(panel.where()).isIn(JAEGER_QUERY_TYPES);
          // A trace-ID lookup on a variable fails while the variable is empty.
          assertThat(target.path("query").asText("")).as(panel.where()).doesNotStartWith("$");
        }
      }
    }
  }

  @Test
  void everyLogQlOfTheDashboardsSelectsAStream() {
    Map<String, String> vars = new HashMap<>(Map.of("trace_id", ""));
    for (Grafana.Panel panel : Grafana.panels()) {
      for (JsonNode target : panel.targets()) {
        if (target.has("expr") && target.path("datasource").path("uid").asText(panel.datasourceUid()).equals("loki")) {
          String logql = Grafana.interpolate(target.path("expr").asText(), vars).orElseThrow();
          assertThat(LogQl.hasSelectiveStreamSelector(logql)).as(panel.where() + ": " + logql).isTrue();
        }
      }
    }
  }

  @Test
  void grafanaIsNotAskedForFeatureTogglesItNoLongerHas() {
    assertThat(Grafana.composeEnvironment()).doesNotContainKey("GF_FEATURE_TOGGLES_ENABLE");
  }

  @Test
  void theSelectorCheckRefusesWhatLokiRefuses() {
    assertThat(LogQl.hasSelectiveStreamSelector("{} | trace_id=\"x\"")).isFalse();
    assertThat(LogQl.hasSelectiveStreamSelector("{service_name=~\".*\"}")).isFalse();
    assertThat(LogQl.hasSelectiveStreamSelector("{service_name!=\"a\"}")).isFalse();
    assertThat(LogQl.hasSelectiveStreamSelector("{service_name=\"\"}")).isFalse();
    assertThat(LogQl.hasSelectiveStreamSelector("{service_name=\"receiver\"} | trace_id=\"x\"")).isTrue();
    assertThat(LogQl.hasSelectiveStreamSelector("{service_name=~\".+\", job!=\"x\"}")).isTrue();
  }

  /** The Pyroscope agent's upload interval in the app service: PYROSCOPE_UPLOAD_INTERVAL, else its 10 s default. */
  private static Duration uploadInterval() {
    String value = StackFiles.yaml("docker-compose.yml").path("services").path("app").path("environment")
        .path("PYROSCOPE_UPLOAD_INTERVAL").asText("10s");
    return Duration.parse("PT" + value.toUpperCase());
  }
}
