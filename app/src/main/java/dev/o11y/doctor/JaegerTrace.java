package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** One trace as Jaeger's HTTP API returns it (GET /api/traces/{id}), the shape Grafana reads. */
public final class JaegerTrace {

  /** A span: its IDs, its parent (empty for a root), its operation, its tags and its process. */
  public record Span(String id, String parentId, String operation, String processId, JsonNode tags,
      long startMicros, long durationMicros) {

    /** A tag's value as text, or "" when the span has no such tag. */
    public String tag(String key) {
      for (JsonNode tag : tags) {
        if (tag.path("key").asText().equals(key)) {
          return tag.path("value").asText();
        }
      }
      return "";
    }
  }

  private final JsonNode trace;
  private final List<Span> spans;

  private JaegerTrace(JsonNode trace) {
    this.trace = trace;
    this.spans = StreamSupport.stream(trace.path("spans").spliterator(), false).map(JaegerTrace::span).toList();
  }

  /** The first trace of an API answer ({"data": [trace]}). */
  public static JaegerTrace of(JsonNode answer) {
    return new JaegerTrace(answer.path("data").path(0));
  }

  /** Every trace of an API answer, as a search gives them. */
  public static List<JaegerTrace> all(JsonNode answer) {
    return StreamSupport.stream(answer.path("data").spliterator(), false).map(JaegerTrace::new).toList();
  }

  private static Span span(JsonNode s) {
    String parent = StreamSupport.stream(s.path("references").spliterator(), false)
        .filter(r -> r.path("refType").asText().equals("CHILD_OF"))
        .map(r -> r.path("spanID").asText()).findFirst().orElse("");
    return new Span(s.path("spanID").asText(), parent, s.path("operationName").asText(), s.path("processID").asText(),
        s.path("tags"), s.path("startTime").asLong(), s.path("duration").asLong());
  }

  /** The trace as Jaeger's API gave it: spans with their tags and logs (span events), processes. */
  public JsonNode json() {
    return trace;
  }

  public String traceId() {
    return trace.path("traceID").asText();
  }

  public List<Span> spans() {
    return spans;
  }

  public Optional<Span> span(String operation) {
    return spans.stream().filter(s -> s.operation().equals(operation)).findFirst();
  }

  public Optional<Span> spanById(String id) {
    return spans.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public List<Span> childrenOf(Span parent) {
    return spans.stream().filter(s -> s.parentId().equals(parent.id())).toList();
  }

  /** The service name of a span's process, which Jaeger keeps apart from the process tags. */
  public String serviceOf(Span span) {
    return trace.path("processes").path(span.processId()).path("serviceName").asText();
  }

  /**
   * The variables Grafana's trace view gives a span's links (createSpanLink.tsx,
   * scopedVarsFromSpan): IDs, name, and the process and span tags, span tags winning.
   */
  public static java.util.Map<String, String> linkVariables(JaegerTrace trace, Span span) {
    java.util.Map<String, String> vars = new java.util.HashMap<>();
    java.util.List<JsonNode> tags = new java.util.ArrayList<>();
    trace.processTagsOf(span).forEach(tags::add);
    span.tags().forEach(tags::add);
    for (JsonNode tag : tags) {
      vars.put("__span.tags[\"" + tag.path("key").asText() + "\"]", tag.path("value").asText());
      vars.put("__span.tags." + tag.path("key").asText(), tag.path("value").asText());
    }
    vars.put("__span.spanId", span.id());
    vars.put("__span.traceId", trace.traceId());
    vars.put("__span.name", span.operation());
    vars.put("__trace.traceId", trace.traceId());
    return vars;
  }

  /** The process tags of a span: what Grafana offers as resource attributes to its links. */
  public JsonNode processTagsOf(Span span) {
    return trace.path("processes").path(span.processId()).path("tags");
  }
}
