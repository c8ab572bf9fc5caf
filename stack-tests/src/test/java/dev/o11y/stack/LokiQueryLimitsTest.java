package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Grafana asks Loki for against what Loki answers (loki/README.md): loki.yaml sets its own
 * line limit per query (at Loki's default of 5000 a query of the drills' error lines outgrew
 * the gRPC message size and the memory limit), and the Loki datasource's maxLines and every
 * dashboard query's line limit stay within it, or that query gets a 400 instead of logs.
 */
class LokiQueryLimitsTest {

  private static final String LIMIT_KEY = "limits_config.max_entries_limit_per_query";

  @Test
  void grafanaAsksLokiForNoMoreLinesThanLokiAnswers() throws Exception {
    List<JsonNode> datasources = Stack.files("grafana/provisioning/datasources", ".yaml", ".yml").stream()
        .map(Stack::yaml).toList();
    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    for (Path p : Stack.files("grafana/dashboards", ".json")) {
      dashboards.put(p.getFileName().toString(), Stack.JSON.readTree(p.toFile()));
    }
    assertThat(lineLimitProblems(Stack.yaml(Stack.file("loki/loki.yaml")), datasources, dashboards)).isEmpty();
  }

  static List<String> lineLimitProblems(JsonNode loki, List<JsonNode> datasourceFiles, Map<String, JsonNode> dashboards) {
    List<String> problems = new ArrayList<>();
    int limit = loki.path("limits_config").path("max_entries_limit_per_query").asInt(0);
    if (limit <= 0) {
      problems.add("loki.yaml: " + LIMIT_KEY + " is not set (Loki's default is 5000)");
      return problems;
    }
    for (JsonNode file : datasourceFiles) {
      for (JsonNode ds : file.path("datasources")) {
        if (!"loki".equals(ds.path("type").asText())) {
          continue;
        }
        JsonNode maxLines = ds.path("jsonData").path("maxLines");
        if (maxLines.isMissingNode()) {
          problems.add("datasource " + ds.path("name").asText() + " sets no maxLines");
        } else if (maxLines.asInt() > limit) {
          problems.add("datasource " + ds.path("name").asText() + " asks for maxLines " + maxLines.asInt()
              + ", more than loki.yaml's " + LIMIT_KEY + " of " + limit);
        }
      }
    }
    // Only Loki queries carry maxLines; a panel's own overrides the datasource's.
    dashboards.forEach((name, dashboard) -> {
      for (JsonNode query : dashboard.findParents("maxLines")) {
        int lines = query.path("maxLines").asInt();
        if (lines > limit) {
          problems.add(name + ": a query asks for maxLines " + lines + ", more than loki.yaml's " + LIMIT_KEY + " of " + limit);
        }
      }
    });
    return problems;
  }

  @Test
  void theCheckCatchesWhatItClaimsTo() {
    List<JsonNode> datasources = List.of(Stack.yaml("""
        datasources:
          - {name: Loki, type: loki, uid: loki, jsonData: {maxLines: 5000}}
          - {name: Bare, type: loki, uid: bare}
          - {name: Prometheus, type: prometheus, uid: prometheus, jsonData: {maxLines: 99999}}
        """));
    Map<String, JsonNode> dashboards = Map.of("walk.json", Stack.yaml("""
        {panels: [{type: row, panels: [{type: logs, targets: [{expr: '{a="b"}', maxLines: 2000}, {expr: x, maxLines: 500}]}]}]}
        """));
    assertThat(lineLimitProblems(Stack.yaml("{limits_config: {max_entries_limit_per_query: 1000}}"), datasources, dashboards))
        .containsExactly(
            "datasource Loki asks for maxLines 5000, more than loki.yaml's " + LIMIT_KEY + " of 1000",
            "datasource Bare sets no maxLines",
            "walk.json: a query asks for maxLines 2000, more than loki.yaml's " + LIMIT_KEY + " of 1000");
    assertThat(lineLimitProblems(Stack.yaml("{limits_config: {retention_period: 72h}}"), datasources, dashboards))
        .containsExactly("loki.yaml: " + LIMIT_KEY + " is not set (Loki's default is 5000)");
  }
}
