package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One exemplar as Prometheus's /api/v1/query_exemplars gives it: its trace ID, its series, its value. */
public record Exemplar(String traceId, JsonNode seriesLabels, double value) {

  /** The exemplars of an answer's "data" (a list of series, each with its exemplars). */
  static List<Exemplar> listOf(JsonNode data) {
    List<Exemplar> exemplars = new ArrayList<>();
    for (JsonNode series : data) {
      for (JsonNode e : series.path("exemplars")) {
        exemplars.add(new Exemplar(e.path("labels").path("trace_id").asText(), series.path("seriesLabels"),
            e.path("value").asDouble()));
      }
    }
    return exemplars;
  }

  /** "http_request_duration_seconds_bucket{handler="/receive", le="3.0"}": what a person looks for. */
  public String series() {
    return String.format(Locale.ROOT, "%s{handler=\"%s\", le=\"%s\"}", seriesLabels.path("__name__").asText(),
        seriesLabels.path("handler").asText(), seriesLabels.path("le").asText());
  }
}
