package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Grafana, asked the way its UI asks: each rendered query through POST /api/ds/query, and the
 * exemplars and the trace behind a span's links through the datasource proxy.
 */
public final class GrafanaBackend implements Backend {

  private final URI grafana;

  public GrafanaBackend(URI grafana) {
    this.grafana = grafana;
  }

  @Override
  public String describe() {
    return "Grafana at " + grafana;
  }

  @Override
  public Optional<String> unreachable() {
    try {
      int status = WebApi.get(grafana, "/api/health").statusCode();
      return status == 200 ? Optional.empty() : Optional.of("Grafana at " + grafana + " answered " + status + " to /api/health");
    } catch (UncheckedIOException e) {
      return Optional.of("Grafana does not answer at " + grafana + " (" + WebApi.why(e) + ")");
    }
  }

  /** Grafana answers every datasource it has. */
  @Override
  public boolean serves(String datasourceType) {
    return true;
  }

  @Override
  public Answer<List<Exemplar>> exemplars(String prometheusUid, String promql, Window window) {
    HttpResponse<String> response = WebApi.get(grafana, "/api/datasources/proxy/uid/" + prometheusUid
        + "/api/v1/query_exemplars?query=" + WebApi.encode(promql)
        + "&start=" + window.from().getEpochSecond() + "&end=" + window.to().getEpochSecond());
    JsonNode body = WebApi.json(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      return Answer.failed("Grafana's proxy to " + prometheusUid + " answered " + response.statusCode() + ": "
          + WebApi.brief(response.body()));
    }
    return Answer.of(Exemplar.listOf(body.path("data")));
  }

  @Override
  public Answer<Optional<JaegerTrace>> trace(String jaegerUid, String traceId) {
    HttpResponse<String> response = WebApi.get(grafana, "/api/datasources/proxy/uid/" + jaegerUid + "/api/traces/" + traceId);
    if (response.statusCode() == 404) {
      return Answer.of(Optional.empty());
    }
    if (response.statusCode() != 200) {
      return Answer.failed("Grafana's proxy to " + jaegerUid + " answered " + response.statusCode() + ": "
          + WebApi.brief(response.body()));
    }
    JaegerTrace trace = JaegerTrace.of(WebApi.json(response.body()));
    return Answer.of(trace.spans().isEmpty() ? Optional.empty() : Optional.of(trace));
  }

  @Override
  public Answer<TraceSpans> traceSpans(LinkQuery query) {
    return dsQuery(query).map(frames -> new TraceSpans(
        texts(Frames.column(frames, "traceID")).stream().collect(Collectors.toSet()),
        texts(Frames.column(frames, "operationName"))));
  }

  @Override
  public Answer<Integer> tracesFound(LinkQuery query) {
    return dsQuery(query).map(Frames::rows);
  }

  @Override
  public Answer<Integer> points(LinkQuery query) {
    return dsQuery(query).map(Frames::rows);
  }

  @Override
  public Answer<List<String>> logLines(LinkQuery query) {
    return dsQuery(query).map(frames -> texts(Frames.column(frames, "Line")));
  }

  @Override
  public Answer<Long> profileTotal(LinkQuery query) {
    // A flame graph frame lists its nodes depth first: the first "value" is the root's, the total.
    return dsQuery(query).map(frames -> Frames.column(frames, "value").stream().findFirst().map(JsonNode::asLong).orElse(0L));
  }

  /** POST /api/ds/query with the one query, over its window: the frames of its result, or Grafana's error. */
  private Answer<JsonNode> dsQuery(LinkQuery link) {
    ObjectNode query = link.query().deepCopy();
    query.put("refId", "A");
    query.set("datasource", JsonNodeFactory.instance.objectNode().put("uid", link.datasourceUid()).put("type", link.datasourceType()));
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("from", Long.toString(link.window().fromMillis())).put("to", Long.toString(link.window().toMillis()));
    body.putArray("queries").add(query);
    HttpResponse<String> response = WebApi.post(grafana, "/api/ds/query", body.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"));
    JsonNode result = WebApi.json(response.body()).path("results").path("A");
    String error = result.path("error").asText("");
    if (!error.isEmpty()) {
      return Answer.failed(error);
    }
    if (response.statusCode() != 200) {
      return Answer.failed("Grafana answered " + response.statusCode() + ": " + WebApi.brief(response.body()));
    }
    return Answer.of(result.path("frames"));
  }

  private static List<String> texts(List<JsonNode> cells) {
    return cells.stream().map(JsonNode::asText).toList();
  }
}
