package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.MetricsText;
import dev.o11y.support.OtlpSink;
import dev.o11y.support.OtlpSink.ReceivedSpan;
import dev.o11y.support.ProfileSink;
import dev.o11y.support.PrometheusProcess;
import dev.o11y.support.ReceiverProcess;
import dev.o11y.support.Tools;
import dev.o11y.support.Waits;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One trace ID through every signal, natively: the receiver jar with both agents, an OTLP
 * sink, a profile sink and a real Prometheus that scrapes it (OpenMetrics, exemplars) and
 * remote-writes into it. Metric exemplar → trace → logs → profile of that span.
 */
@Timeout(240)
class CorrelationChainIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aTraceIdFromAPrometheusExemplarLeadsToSpansLogsAndProfiles() throws Exception {
    Path prometheusBinary = Tools.require("prometheus", "install Debian's prometheus package: make tools");
    Path agents = ReceiverProcess.agentsDir();
    try (OtlpSink otlp = new OtlpSink();
        ProfileSink profiles = new ProfileSink();
        ReceiverProcess receiver = ReceiverProcess.start(
            List.of("-javaagent:" + agents.resolve("pyroscope.jar"),
                "-javaagent:" + agents.resolve("opentelemetry-javaagent.jar"),
                "-Dotel.javaagent.extensions=" + agents.resolve("pyroscope-otel-extension.jar"),
                // The same agent settings as `make run` and the image: only the instrumentations we need.
                "-Dotel.javaagent.configuration-file=" + System.getProperty("otel.agent.config", "otel-agent.properties")),
            List.of("--slow-request-threshold=1s"),
            Map.ofEntries(
                Map.entry("OTEL_SERVICE_NAME", "receiver"),
                Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint()),
                Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                Map.entry("OTEL_TRACES_EXPORTER", "otlp"),
                Map.entry("OTEL_LOGS_EXPORTER", "otlp"),
                Map.entry("OTEL_BSP_SCHEDULE_DELAY", "200"),
                Map.entry("OTEL_BLRP_SCHEDULE_DELAY", "200"),
                Map.entry("PYROSCOPE_SERVER_ADDRESS", profiles.address()),
                Map.entry("PYROSCOPE_APPLICATION_NAME", "receiver"),
                Map.entry("PYROSCOPE_FORMAT", "jfr"),
                Map.entry("PYROSCOPE_UPLOAD_INTERVAL", "2s")),
            WAIT);
        PrometheusProcess prometheus = PrometheusProcess.start(prometheusBinary, receiver.publicPort(),
            receiver.internalPort())) {

      // 1. Prometheus scrapes OpenMetrics with exemplars; its exemplar API hands out a trace ID.
      String traceId = Waits.until("an exemplar with a trace_id for POST /receive in Prometheus", WAIT, () ->
          exemplarTraceIds(prometheus.exemplars("http_request_duration_seconds_bucket{handler=\"/receive\"}"))
              .stream().findFirst());
      assertThat(prometheus.targetHealth()).allMatch(h -> h.startsWith("up"));

      // 2. Remote write: nothing failed or dropped, and the receiver counted what Prometheus sent.
      double sentBefore = prometheus.selfMetric("prometheus_remote_storage_samples_total");
      assertThat(sentBefore).isPositive();
      double received = Waits.until("the receiver to count what Prometheus sent", WAIT, () -> {
        double r = MetricsText.value(metrics(receiver), "receiver_samples_received_total");
        return r >= sentBefore ? Optional.of(r) : Optional.empty();
      });
      double sentAfter = prometheus.selfMetric("prometheus_remote_storage_samples_total");
      assertThat(received).isLessThanOrEqualTo(sentAfter);
      assertThat(prometheus.selfMetric("prometheus_remote_storage_samples_failed_total")).isZero();
      assertThat(prometheus.selfMetric("prometheus_remote_storage_samples_dropped_total")).isZero();
      // Metadata travels in its own requests, every metadata send_interval.
      Waits.until("metric metadata from Prometheus", WAIT, () -> Optional.of(
          MetricsText.value(metrics(receiver), "receiver_metadata_received_total")).filter(m -> m > 0));

      // 3. That trace reached the OTLP sink: the server span named by route, decode and unmarshal under it.
      ReceivedSpan server = Waits.until("the server span of trace " + traceId, WAIT, () -> otlp.spans().stream()
          .filter(s -> s.traceId().equals(traceId) && s.name().equals("POST /receive")).findFirst());
      assertThat(server.serviceName()).isEqualTo("receiver");
      Waits.until("decode and unmarshal spans under the server span", WAIT, () -> {
        Set<String> children = otlp.spans().stream()
            .filter(s -> s.traceId().equals(traceId) && s.parentSpanId().equals(server.spanId()))
            .map(ReceivedSpan::name).collect(Collectors.toSet());
        return children.containsAll(Set.of("decode", "unmarshal")) ? Optional.of(children) : Optional.empty();
      });

      // The receiver's counters carry exemplars too, and Prometheus stores them.
      Waits.until("an exemplar on receiver_samples_received_total", WAIT, () ->
          exemplarTraceIds(prometheus.exemplars("receiver_samples_received_total")).stream().findFirst());

      // A refused body: the decode span records the error, with status ERROR.
      HttpResponse<String> corrupt = Http.post(receiver.publicPort(), "/receive", new byte[] {1, 2, 3, 4, 5},
          Fixtures.headers());
      assertThat(corrupt.statusCode()).isEqualTo(400);
      String corruptTraceId = corrupt.headers().firstValue("X-Trace-Id").orElseThrow();
      ReceivedSpan failedDecode = Waits.until("the failed decode span", WAIT, () -> otlp.spans().stream()
          .filter(s -> s.traceId().equals(corruptTraceId) && s.name().equals("decode")).findFirst());
      assertThat(failedDecode.status()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);

      // 4. Its log records reached the sink with the same trace ID, and stdout has the same line.
      OtlpSink.ReceivedLog log = Waits.until("a log record of trace " + traceId, WAIT, () -> otlp.logs().stream()
          .filter(l -> l.traceId().equals(traceId) && l.body().equals("remote write request received")).findFirst());
      assertThat(log.spanId()).isEqualTo(server.spanId());
      assertThat(receiver.lines()).anyMatch(l -> l.contains("msg=\"remote write request received\"")
          && l.contains("trace_id=" + traceId) && l.contains("span_id=" + server.spanId()));

      // 5. With slow-decode on, the slow request log names a trace whose spans exist,
      //    and the CPU profile has samples labelled with that request's server span.
      Http.post(receiver.internalPort(), "/scenario?name=slow-decode", new byte[0], Map.of());
      //    The caller's W3C traceparent is honored: the trace continues the caller's.
      String callerTraceId = HexFormat.of().formatHex(randomBytes(16));
      String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
      Map<String, String> headers = new HashMap<>(Fixtures.headers());
      headers.put("traceparent", "00-" + callerTraceId + "-" + callerSpanId + "-01");
      HttpResponse<String> slow = Http.post(receiver.publicPort(), "/receive", Fixtures.bodies().get(0).bytes(), headers);
      assertThat(slow.statusCode()).isEqualTo(204);
      String slowTraceId = slow.headers().firstValue("X-Trace-Id").orElseThrow();
      assertThat(slowTraceId).isEqualTo(callerTraceId);
      // Prometheus's own remote writes are slow now too: look for the line of our request.
      String slowLine = receiver.awaitLine(l -> l.contains("msg=\"slow request\"") && l.contains(slowTraceId), WAIT);
      assertThat(slowLine).contains("level=warn").contains("trace_id=" + slowTraceId);
      ReceivedSpan slowServer = Waits.until("the spans of the slow trace", WAIT, () -> otlp.spans().stream()
          .filter(s -> s.traceId().equals(slowTraceId) && s.name().equals("POST /receive")).findFirst());
      assertThat(slowServer.parentSpanId()).isEqualTo(callerSpanId);
      assertThat(otlp.spans()).anyMatch(s -> s.traceId().equals(slowTraceId) && s.name().equals("decode"));
      Http.post(receiver.internalPort(), "/scenario?name=none", new byte[0], Map.of());

      long spanIdAsProfileLabel = Long.parseUnsignedLong(slowServer.spanId(), 16);
      Waits.until("CPU samples labelled with span " + slowServer.spanId() + " in an upload", WAIT, () ->
          profiles.uploads().stream()
              .filter(u -> u.parts().containsKey("jfr"))
              .filter(u -> spanIdsOfSamples(u.parts().get("jfr")).contains(spanIdAsProfileLabel))
              .findFirst());
      assertThat(profiles.uploads()).allSatisfy(u -> {
        assertThat(u.query().get("name")).startsWith("receiver");
        assertThat(u.query()).containsEntry("format", "jfr");
      });
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static List<String> exemplarTraceIds(JsonNode response) {
    return StreamSupport.stream(response.path("data").spliterator(), false)
        .flatMap(series -> StreamSupport.stream(series.path("exemplars").spliterator(), false))
        .map(e -> e.path("labels").path("trace_id").asText())
        .filter(id -> id.matches("[0-9a-f]{32}"))
        .toList();
  }

  /** The span IDs (as the profiler stores them, signed 64-bit) on the CPU samples of a JFR upload. */
  private static Set<Long> spanIdsOfSamples(byte[] jfr) {
    try {
      Path file = Files.createTempFile("upload-", ".jfr");
      try {
        Files.write(file, jfr);
        return RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample") && e.hasField("spanId"))
            .map(e -> e.getLong("spanId"))
            .filter(id -> id != 0)
            .collect(Collectors.toSet());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return Set.of();
    }
  }

  private static String metrics(ReceiverProcess receiver) {
    return Http.get(receiver.internalPort(), "/metrics").body();
  }

}
