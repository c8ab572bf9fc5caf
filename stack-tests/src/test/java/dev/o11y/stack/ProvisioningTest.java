package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grafana provisioning: four datasources with fixed UIDs, links between them, dashboards that parse. */
class ProvisioningTest {

  static List<JsonNode> datasourceFiles;
  static Set<String> uids;

  @BeforeAll
  static void load() {
    datasourceFiles = Stack.files("grafana/provisioning/datasources", ".yaml", ".yml").stream()
        .map(Stack::yaml).toList();
    List<String> problems = new ArrayList<>();
    uids = StackChecks.datasourceUids(datasourceFiles, problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void theFourDatasourcesHaveFixedUids() {
    assertThat(uids).containsExactlyInAnyOrder("prometheus", "loki", "jaeger", "pyroscope");
  }

  @Test
  void linksBetweenDatasourcesPointAtProvisionedUids() {
    assertThat(StackChecks.datasourceLinks(datasourceFiles)).isEmpty();
  }

  @Test
  void theCorrelationChainIsWired() {
    JsonNode prom = byUid("prometheus");
    JsonNode loki = byUid("loki");
    JsonNode jaeger = byUid("jaeger");
    // Each hop's target is rendered and sent to a real backend in app/ (NativeStackIT,
    // GrafanaLinksTest); here, that each hop is wired at all.
    assertThat(prom.at("/jsonData/exemplarTraceIdDestinations/0/name").asText()).isEqualTo("trace_id");
    assertThat(prom.at("/jsonData/exemplarTraceIdDestinations/0/url").asText()).startsWith("/explore?");
    assertThat(loki.at("/jsonData/derivedFields/0/matcherRegex").asText()).isEqualTo("^trace_id$");
    assertThat(loki.at("/jsonData/derivedFields/0/datasourceUid").asText()).isEqualTo("jaeger");
    assertThat(jaeger.at("/jsonData/tracesToLogsV2/datasourceUid").asText()).isEqualTo("loki");
    assertThat(jaeger.at("/jsonData/tracesToLogsV2/query").asText()).contains("trace_id=");
    assertThat(jaeger.at("/jsonData/tracesToMetrics/datasourceUid").asText()).isEqualTo("prometheus");
    assertThat(jaeger.at("/jsonData/tracesToProfiles/datasourceUid").asText()).isEqualTo("pyroscope");
    assertThat(jaeger.path("correlations").findValuesAsText("targetUID")).contains("pyroscope");
  }

  @Test
  void dashboardsParseAndUseOnlyProvisionedDatasources() throws Exception {
    List<Path> dashboards = Stack.files("grafana/dashboards", ".json");
    assertThat(dashboards).extracting(p -> p.getFileName().toString())
        .contains("receiver-overview.json", "correlation-walkthrough.json");
    List<String> problems = new ArrayList<>();
    Set<String> dashboardUids = new java.util.HashSet<>();
    for (Path p : dashboards) {
      String json = Files.readString(p);
      problems.addAll(StackChecks.dashboard(p.getFileName().toString(), json, uids));
      String uid = Stack.JSON.readTree(json).path("uid").asText();
      assertThat(dashboardUids.add(uid)).as("dashboard uid %s is unique", uid).isTrue();
    }
    assertThat(problems).isEmpty();
  }

  /**
   * The schema Grafana 13.2 writes (@grafana/schema 13.2.3, dist/esm/raw/dashboard/x/types.gen.mjs:
   * defaultDashboard.schemaVersion 42): files at it load without a migration that could rewrite them.
   */
  @Test
  void dashboardsAreAtTheSchemaVersionGrafanaWrites() throws Exception {
    for (Path p : Stack.files("grafana/dashboards", ".json")) {
      assertThat(Stack.JSON.readTree(p.toFile()).path("schemaVersion").asInt()).as(p.getFileName().toString()).isEqualTo(42);
    }
  }

  @Test
  void theOverviewShowsExemplarsOnTheLatencyPanel() throws Exception {
    JsonNode overview = Stack.JSON.readTree(Stack.file("grafana/dashboards/receiver-overview.json").toFile());
    assertThat(overview.findValues("exemplar")).anyMatch(JsonNode::asBoolean);
    assertThat(overview.findValuesAsText("expr")).anyMatch(e -> e.contains("http_request_duration_seconds_bucket"))
        .anyMatch(e -> e.contains("receiver_samples_received_total"))
        .anyMatch(e -> e.contains("jvm_"));
  }

  @Test
  void theHomeDashboardAndTheProviderPathMatchTheMounts() throws Exception {
    String compose = Files.readString(Stack.file("docker-compose.yml"));
    JsonNode providers = Stack.yaml(Stack.file("grafana/provisioning/dashboards/dashboards.yaml"));
    String path = providers.at("/providers/0/options/path").asText();
    assertThat(compose).contains("./grafana/dashboards:" + path + ":ro");
    assertThat(compose).contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: " + path + "/correlation-walkthrough.json");
  }

  // ------------------------------------------------ the checkers catch what they claim to

  @Test
  void danglingDatasourceUidsAreReported() {
    JsonNode file = Stack.yaml("""
        datasources:
          - {name: P, type: prometheus, uid: prom, url: "http://p:9090",
             jsonData: {exemplarTraceIdDestinations: [{name: trace_id, datasourceUid: tempo}]}}
          - {name: J, type: jaeger, uid: jaeger, url: "http://j:16686",
             jsonData: {tracesToLogsV2: {datasourceUid: loki}},
             correlations: [{targetUID: pyro}]}
          - {name: NoUid, type: loki, url: "http://l:3100"}
        """);
    assertThat(StackChecks.datasourceLinks(List.of(file))).containsExactly(
        "datasource NoUid has no fixed uid",
        "datasource prom links to unknown datasource uid 'tempo'",
        "datasource jaeger links to unknown datasource uid 'loki'",
        "datasource jaeger links to unknown datasource uid 'pyro'");
  }

  @Test
  void brokenDashboardsAreReported() {
    assertThat(StackChecks.dashboard("cut.json", "{\"uid\": \"x\", \"panels\": [", uids))
        .singleElement().asString().startsWith("cut.json: does not parse as JSON");
    assertThat(StackChecks.dashboard("bad.json", """
        {"title": "t", "panels": [{"type": "timeseries",
          "datasource": {"type": "prometheus", "uid": "mimir"},
          "targets": [{"datasource": {"uid": "prometheus"}}, {"datasource": {"uid": "${ds}"}}]}]}
        """, uids)).containsExactly(
        "bad.json: no uid (links to it would break on every import)",
        "bad.json: refers to unknown datasource uid 'mimir'");
  }

  private static JsonNode byUid(String uid) {
    for (JsonNode file : datasourceFiles) {
      for (JsonNode ds : file.path("datasources")) {
        if (uid.equals(ds.path("uid").asText())) {
          return ds;
        }
      }
    }
    throw new AssertionError("no datasource " + uid);
  }
}
