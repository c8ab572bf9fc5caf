package dev.o11y.doctor;

import java.util.List;
import java.util.Optional;

/**
 * Where the doctor sends the queries it renders. {@link GrafanaBackend} sends them through
 * Grafana, as the UI does (`make check-links`, StackIT); {@link NativeBackend} sends the same
 * queries straight to Prometheus's and Jaeger's own APIs, the way their Grafana datasources
 * do, for the tests that run those programs natively.
 */
public interface Backend {

  /** Where the queries go, for the report. */
  String describe();

  /** Why it does not answer at all, or empty when it does. */
  Optional<String> unreachable();

  /** Whether it can answer a datasource of this type ("prometheus", "loki", "jaeger", ...). */
  boolean serves(String datasourceType);

  /** The exemplars of a PromQL expression, from Prometheus's /api/v1/query_exemplars. */
  Answer<List<Exemplar>> exemplars(String prometheusUid, String promql, Window window);

  /** A trace as Jaeger's API gives it, whose spans give their links their variables; empty when not found. */
  Answer<Optional<JaegerTrace>> trace(String jaegerUid, String traceId);

  /** A Jaeger datasource's trace-by-ID query: the trace IDs and span operations it brought back. */
  Answer<TraceSpans> traceSpans(LinkQuery query);

  /** A Jaeger datasource's search: how many traces it found. */
  Answer<Integer> tracesFound(LinkQuery query);

  /** A Prometheus range query: how many points came back, over every series. */
  Answer<Integer> points(LinkQuery query);

  /** A Loki query: the log lines. */
  Answer<List<String>> logLines(LinkQuery query);

  /** A Pyroscope profile query: the flame graph's total (its root), in the profile's unit. */
  Answer<Long> profileTotal(LinkQuery query);
}
