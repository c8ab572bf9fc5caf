package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.Grafana;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every PromQL query Grafana would send to Prometheus: the dashboards' and the trace-to-metrics links'. */
public final class GrafanaQueries {

  /** A query and where it comes from. */
  public record Query(String where, String promql) {}

  /**
   * Panels whose data the native test does not produce: no alert fires, and no 5xx is
   * answered while it runs. Their queries must still run without error.
   */
  public static final Set<String> NO_DATA_IN_THIS_TEST = Set.of(
      "Receiver overview / Alerts firing",
      "Receiver overview / Error ratio (5xx)");

  private GrafanaQueries() {}

  /**
   * The dashboards' Prometheus queries, and the trace-to-metrics queries rendered for the
   * given span variables (__span.name and the like, as Grafana's trace view offers them).
   */
  public static List<Query> prometheusQueries(Map<String, String> spanVariables) {
    List<Query> queries = new ArrayList<>();
    for (Grafana.Panel panel : Grafana.panels()) {
      for (JsonNode target : panel.targets()) {
        String uid = target.path("datasource").path("uid").asText(panel.datasourceUid());
        if (uid.equals("prometheus") && target.has("expr")) {
          queries.add(new Query(panel.where(), render(target.path("expr").asText(), Grafana.dashboardVariables(), panel.where())));
        }
      }
    }
    JsonNode metrics = Datasources.byUid("jaeger").path("jsonData").path("tracesToMetrics");
    Map<String, String> vars = new HashMap<>(spanVariables);
    for (JsonNode query : metrics.path("queries")) {
      String where = "Jaeger trace to metrics / " + query.path("name").asText();
      queries.add(new Query(where, render(query.path("query").asText(), vars, where)));
    }
    return queries;
  }

  private static String render(String template, Map<String, String> vars, String where) {
    return Grafana.interpolate(template, vars)
        .orElseThrow(() -> new AssertionError(where + " uses a variable Grafana would not fill in: " + template));
  }
}
