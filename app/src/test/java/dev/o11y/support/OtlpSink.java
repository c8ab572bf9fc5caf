package dev.o11y.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver for tests: decodes the protobuf bodies that the OpenTelemetry agent
 * sends to /v1/traces and /v1/logs, with the real opentelemetry-proto classes.
 */
public final class OtlpSink implements AutoCloseable {

  public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
      String serviceName, Status.StatusCode status) {}

  /** A log record; attributes are its own (the MDC's and the line's key-value pairs), as strings. */
  public record ReceivedLog(String traceId, String spanId, String body, String severity, String serviceName,
      Map<String, String> attributes) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
  private final List<ExportTraceServiceRequest> traceExports = new CopyOnWriteArrayList<>();

  public OtlpSink() {
    this(0, "");
  }

  /** On a given port, under a path prefix: Loki takes OTLP logs at /otlp/v1/logs. */
  public OtlpSink(int port, String prefix) {
    server = LoopbackServer.start(port, Map.of(
        prefix + "/v1/traces", exchange -> handle(exchange, this::traces),
        prefix + "/v1/logs", exchange -> handle(exchange, this::logs)));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  /** Every trace export as it came, for a test that sends such traces on. */
  public List<ExportTraceServiceRequest> traceExports() {
    return List.copyOf(traceExports);
  }

  private interface Body {
    void accept(byte[] bytes) throws IOException;
  }

  private static void handle(HttpExchange exchange, Body body) throws IOException {
    try (exchange) {
      InputStream in = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      body.accept(in.readAllBytes());
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, 0);
    }
  }

  private void traces(byte[] bytes) throws IOException {
    ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(bytes);
    traceExports.add(export);
    for (ResourceSpans resource : export.getResourceSpansList()) {
      String service = serviceName(resource.getResource().getAttributesList());
      resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(
          hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
          hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(), service,
          span.getStatus().getCode()))));
    }
  }

  private void logs(byte[] bytes) throws IOException {
    for (ResourceLogs resource : ExportLogsServiceRequest.parseFrom(bytes).getResourceLogsList()) {
      String service = serviceName(resource.getResource().getAttributesList());
      resource.getScopeLogsList().forEach(scope -> {
        for (LogRecord log : scope.getLogRecordsList()) {
          logs.add(new ReceivedLog(hex(log.getTraceId().toByteArray()), hex(log.getSpanId().toByteArray()),
              log.getBody().getStringValue(), log.getSeverityText(), service, attributes(log.getAttributesList())));
        }
      });
    }
  }

  private static Map<String, String> attributes(List<KeyValue> attributes) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (KeyValue a : attributes) {
      var v = a.getValue();
      out.put(a.getKey(), switch (v.getValueCase()) {
        case INT_VALUE -> Long.toString(v.getIntValue());
        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
        default -> v.getStringValue();
      });
    }
    return out;
  }

  private static String serviceName(List<KeyValue> attributes) {
    return attributes.stream().filter(a -> a.getKey().equals("service.name"))
        .map(a -> a.getValue().getStringValue()).findFirst().orElse("");
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
