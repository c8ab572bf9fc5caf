package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prometheus's and Jaeger's own HTTP APIs, asked what their Grafana datasources would ask for
 * the same rendered query: the doctor without Grafana (CheckLinks --prometheus --jaeger), as
 * the tests run it against the stack's programs natively. The hops that need Loki, Pyroscope
 * or Grafana are reported as skipped, never as passed.
 */
public final class NativeBackend implements Backend {

  private static final Set<String> SERVED = Set.of("prometheus", "jaeger");

  private final URI prometheus;
  private final URI jaeger;

  public NativeBackend(URI prometheus, URI jaeger) {
    this.prometheus = prometheus;
    this.jaeger = jaeger;
  }

  @Override
  public String describe() {
    return "only Prometheus and Jaeger here, natively";
  }

  @Override
  public Optional<String> unreachable() {
    try {
      if (WebApi.get(prometheus, "/-/ready").statusCode() != 200) {
        return Optional.of("Prometheus at " + prometheus + " is not ready");
      }
      if (WebApi.get(jaeger, "/api/services").statusCode() != 200) {
        return Optional.of("Jaeger at " + jaeger + " does not answer /api/services");
      }
      return Optional.empty();
    } catch (UncheckedIOException e) {
      return Optional.of("Prometheus or Jaeger does not answer (" + WebApi.why(e) + ")");
    }
  }

  @Override
  public boolean serves(String datasourceType) {
    return SERVED.contains(datasourceType);
  }

  @Override
  public Answer<List<Exemplar>> exemplars(String prometheusUid, String promql, Window window) {
    return prometheusApi("/api/v1/query_exemplars?query=" + WebApi.encode(promql)
        + "&start=" + window.from().getEpochSecond() + "&end=" + window.to().getEpochSecond())
        .map(Exemplar::listOf);
  }

  @Override
  public Answer<Optional<JaegerTrace>> trace(String jaegerUid, String traceId) {
    HttpResponse<String> response = WebApi.get(jaeger, "/api/traces/" + WebApi.encode(traceId));
    if (response.statusCode() == 404) {
      return Answer.of(Optional.empty());
    }
    if (response.statusCode() != 200) {
      return Answer.failed("Jaeger answered " + response.statusCode() + ": " + WebApi.brief(response.body()));
    }
    JaegerTrace trace = JaegerTrace.of(WebApi.json(response.body()));
    return Answer.of(trace.spans().isEmpty() ? Optional.empty() : Optional.of(trace));
  }

  /** No query type is the Jaeger datasource's trace-by-ID lookup: GET /api/traces/{query}. */
  @Override
  public Answer<TraceSpans> traceSpans(LinkQuery query) {
    String type = query.query().path("queryType").asText("");
    if (!type.isEmpty()) {
      return Answer.failed("the Jaeger datasource looks a trace up by ID only without a query type, and this query has \""
          + type + "\"");
    }
    return trace(query.datasourceUid(), query.query().path("query").asText()).map(found -> found
        .map(t -> new TraceSpans(Set.of(t.traceId()), t.spans().stream().map(JaegerTrace.Span::operation).toList()))
        .orElse(TraceSpans.none()));
  }

  /** Query type "search": GET /api/traces?service=...&start=...&end=... (microseconds). */
  @Override
  public Answer<Integer> tracesFound(LinkQuery query) {
    JsonNode q = query.query();
    if (!q.path("queryType").asText("").equals("search")) {
      return Answer.failed("not a Jaeger search: " + q);
    }
    String operation = q.path("operation").asText("");
    HttpResponse<String> response = WebApi.get(jaeger, "/api/traces?service=" + WebApi.encode(q.path("service").asText())
        + (operation.isEmpty() ? "" : "&operation=" + WebApi.encode(operation))
        + "&start=" + query.window().fromMillis() * 1000 + "&end=" + query.window().toMillis() * 1000 + "&limit=20");
    if (response.statusCode() != 200) {
      return Answer.failed("Jaeger answered " + response.statusCode() + ": " + WebApi.brief(response.body()));
    }
    return Answer.of(WebApi.json(response.body()).path("data").size());
  }

  /** A range query, /api/v1/query_range, over the link's window. */
  @Override
  public Answer<Integer> points(LinkQuery query) {
    long start = query.window().from().getEpochSecond();
    long end = query.window().to().getEpochSecond();
    // Grafana derives the step from the range and the panel's width; a few hundred points is alike.
    long step = Math.max(5, (end - start) / 300);
    return prometheusApi("/api/v1/query_range?query=" + WebApi.encode(query.query().path("expr").asText())
        + "&start=" + start + "&end=" + end + "&step=" + step)
        .map(data -> {
          int points = 0;
          for (JsonNode series : data.path("result")) {
            points += series.path("values").size();
          }
          return points;
        });
  }

  @Override
  public Answer<List<String>> logLines(LinkQuery query) {
    throw new UnsupportedOperationException("no Loki runs natively: " + describe());
  }

  @Override
  public Answer<Long> profileTotal(LinkQuery query) {
    throw new UnsupportedOperationException("no Pyroscope runs natively: " + describe());
  }

  /** GET on Prometheus's API: its "data", or the error Prometheus gave. */
  private Answer<JsonNode> prometheusApi(String path) {
    HttpResponse<String> response = WebApi.get(prometheus, path);
    JsonNode body = WebApi.json(response.body());
    if (!"success".equals(body.path("status").asText())) {
      String error = body.path("error").asText("");
      return Answer.failed("Prometheus answered " + response.statusCode() + ": "
          + (error.isEmpty() ? WebApi.brief(response.body()) : error));
    }
    return Answer.of(body.path("data"));
  }
}
