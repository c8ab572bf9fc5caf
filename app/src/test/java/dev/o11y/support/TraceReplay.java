package dev.o11y.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The receiver's own traces, sent on many times over: a trace store's capacity measured with
 * what the workshop puts in it, hours of it in minutes. Each kind of request the default load
 * makes is recorded once from the real receiver with both agents (the agent's spans, attributes
 * and resource as exported); copies get fresh trace and span IDs and the current time.
 */
public final class TraceReplay {

  /** One recorded trace: its spans, each under the resource and scope it was exported with. */
  public record Template(String rootName, List<ResourceSpans> resources) {}

  /**
   * The default load's traced requests per second, by the root span they make: the load
   * generator's 10 remote writes alternate 1.0 and 2.0 (both to /api/v1/write); Prometheus
   * sends both protocols about once per 5 s scrape (1.0 to /receive); it scrapes the receiver
   * every 5 s, and compose probes /-/ready every 10 s.
   */
  public static final Map<String, Double> DEFAULT_LOAD_PER_SECOND = Map.of(
      "POST /api/v1/write", 10.2,
      "POST /receive", 0.2,
      "GET /metrics", 0.2,
      "GET /-/ready", 0.1);

  private final List<Template> templates;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Random random = new SecureRandom();

  private TraceReplay(List<Template> templates) {
    this.templates = templates;
  }

  /** Records one trace of each kind the default load makes, from a receiver started with both agents. */
  public static TraceReplay recordFromTheReceiver() {
    try (OtlpSink sink = new OtlpSink(); ProfileSink profiles = new ProfileSink()) {
      Map<String, String> env = Map.of(
          "OTEL_SERVICE_NAME", "receiver",
          "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sink.endpoint() + "/v1/traces",
          "OTEL_LOGS_EXPORTER", "none",
          "OTEL_BSP_SCHEDULE_DELAY", "200",
          "PYROSCOPE_SERVER_ADDRESS", profiles.address());
      try (ReceiverProcess receiver = ReceiverProcess.start(List.of(ReceiverProcess.withAgents()), List.of(), env,
          Duration.ofSeconds(120))) {
        Http.post(receiver.publicPort(), "/api/v1/write", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
        Http.post(receiver.publicPort(), "/api/v1/write", Fixtures.bodiesV2().get(0).bytes(), Fixtures.headersV2());
        Http.post(receiver.publicPort(), "/receive", Fixtures.bodies().get(1).bytes(), Fixtures.headers());
        Http.get(receiver.internalPort(), "/metrics");
        Http.get(receiver.internalPort(), "/-/ready");
        Map<String, Template> byRoot = Waits.until("a trace of each kind of request", Duration.ofSeconds(60), () -> {
          Map<String, Template> found = templates(sink.traceExports());
          return found.keySet().containsAll(DEFAULT_LOAD_PER_SECOND.keySet()) ? Optional.of(found)
              : Optional.empty();
        });
        return new TraceReplay(List.copyOf(byRoot.values()));
      }
    }
  }

  /**
   * The exports' spans grouped by trace, each trace named by its root span (the last seen of
   * each name wins); a trace's spans under one resource and one entry per scope, as one export
   * of the agent's batch carries them.
   */
  static Map<String, Template> templates(List<ExportTraceServiceRequest> exports) {
    Map<ByteString, Map<Resource, Map<InstrumentationScope, List<Span>>>> byTrace = new LinkedHashMap<>();
    Map<ByteString, String> rootName = new HashMap<>();
    for (ExportTraceServiceRequest export : exports) {
      for (ResourceSpans resource : export.getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            byTrace.computeIfAbsent(span.getTraceId(), t -> new LinkedHashMap<>())
                .computeIfAbsent(resource.getResource(), r -> new LinkedHashMap<>())
                .computeIfAbsent(scope.getScope(), c -> new ArrayList<>()).add(span);
            if (span.getParentSpanId().isEmpty()) {
              rootName.put(span.getTraceId(), span.getName());
            }
          }
        }
      }
    }
    Map<String, Template> templates = new HashMap<>();
    rootName.forEach((trace, name) -> {
      List<ResourceSpans> resources = new ArrayList<>();
      byTrace.get(trace).forEach((resource, scopes) -> {
        ResourceSpans.Builder r = ResourceSpans.newBuilder().setResource(resource);
        scopes.forEach((scope, spans) -> r.addScopeSpans(ScopeSpans.newBuilder().setScope(scope).addAllSpans(spans)));
        resources.add(r.build());
      });
      templates.put(name, new Template(name, resources));
    });
    return templates;
  }

  /** Each recorded trace: its root, its spans, and its size as exported (OTLP protobuf bytes). */
  public List<String> describe() {
    return templates.stream().map(t -> {
      long spans = t.resources().stream().flatMap(r -> r.getScopeSpansList().stream()).mapToLong(ScopeSpans::getSpansCount).sum();
      long bytes = t.resources().stream().mapToLong(ResourceSpans::getSerializedSize).sum();
      long resourceBytes = t.resources().stream().mapToLong(r -> r.getResource().getSerializedSize()).sum();
      String keys = t.resources().get(0).getResource().getAttributesList().stream()
          .map(a -> a.getKey() + "=" + a.getSerializedSize()).collect(java.util.stream.Collectors.joining(" "));
      return t.rootName() + ": " + spans + " spans, " + bytes + " bytes, of which the resource " + resourceBytes + " (" + keys + ")";
    }).toList();
  }

  /** How many traces the default load makes in that long. */
  public static long defaultLoadTraces(Duration duration) {
    double perSecond = DEFAULT_LOAD_PER_SECOND.values().stream().mapToDouble(Double::doubleValue).sum();
    return Math.round(perSecond * duration.toSeconds());
  }

  /**
   * Sends {@code count} traces in the default load's mix to an OTLP/HTTP traces endpoint, as
   * fast as it takes them, {@code perExport} traces to a request; returns their trace IDs (hex)
   * in the order sent, and calls {@code progress} after each request with the number sent.
   */
  public List<String> send(URI endpoint, long count, int perExport, LongConsumer progress) {
    return send(endpoint, count, perExport, 0, progress);
  }

  /** The same at a given rate of traces per second (0: as fast as the endpoint takes them). */
  public List<String> send(URI endpoint, long count, int perExport, double perSecond, LongConsumer progress) {
    long startNanos = System.nanoTime();
    List<String> ids = new ArrayList<>();
    List<Template> mix = mix();
    ExportTraceServiceRequest.Builder batch = ExportTraceServiceRequest.newBuilder();
    for (long i = 0; i < count; i++) {
      ByteString traceId = randomId(16);
      ids.add(HexFormat.of().formatHex(traceId.toByteArray()));
      batch.addAllResourceSpans(copy(mix.get((int) (i % mix.size())), traceId));
      if ((i + 1) % perExport == 0 || i == count - 1) {
        post(endpoint, batch.build());
        batch = ExportTraceServiceRequest.newBuilder();
        progress.accept(i + 1);
        if (perSecond > 0) {
          long due = startNanos + (long) ((i + 1) / perSecond * 1e9);
          LockSupport.parkNanos(due - System.nanoTime());
        }
      }
    }
    return ids;
  }

  /** One round of templates in the default load's proportions, per tenth of a trace per second. */
  private List<Template> mix() {
    List<Template> mix = new ArrayList<>();
    for (Template t : templates) {
      long copies = Math.round(DEFAULT_LOAD_PER_SECOND.getOrDefault(t.rootName(), 0.0) * 10);
      for (long c = 0; c < copies; c++) {
        mix.add(t);
      }
    }
    Collections.shuffle(mix, random);
    return mix;
  }

  /** The template's spans with a new trace ID, new span IDs (parents kept in step), and ending now. */
  private List<ResourceSpans> copy(Template template, ByteString traceId) {
    Map<ByteString, ByteString> newIds = new HashMap<>();
    long latestEnd = 0;
    for (ResourceSpans r : template.resources()) {
      for (ScopeSpans scope : r.getScopeSpansList()) {
        for (Span s : scope.getSpansList()) {
          newIds.put(s.getSpanId(), randomId(8));
          latestEnd = Math.max(latestEnd, s.getEndTimeUnixNano());
        }
      }
    }
    long shift = System.currentTimeMillis() * 1_000_000 - latestEnd;
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans r : template.resources()) {
      ResourceSpans.Builder resource = r.toBuilder().clearScopeSpans();
      for (ScopeSpans scope : r.getScopeSpansList()) {
        ScopeSpans.Builder copied = scope.toBuilder().clearSpans();
        for (Span s : scope.getSpansList()) {
          Span.Builder span = s.toBuilder().setTraceId(traceId).setSpanId(newIds.get(s.getSpanId()))
              .setStartTimeUnixNano(s.getStartTimeUnixNano() + shift).setEndTimeUnixNano(s.getEndTimeUnixNano() + shift);
          if (!s.getParentSpanId().isEmpty()) {
            span.setParentSpanId(newIds.getOrDefault(s.getParentSpanId(), s.getParentSpanId()));
          }
          copied.addSpans(span);
        }
        resource.addScopeSpans(copied);
      }
      out.add(resource.build());
    }
    return out;
  }

  private ByteString randomId(int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    return ByteString.copyFrom(id);
  }

  private void post(URI endpoint, ExportTraceServiceRequest request) {
    HttpRequest post = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        // 429/503: the collector's memory limiter or queue asks to slow down; it takes the retry.
        if (attempt == 20 || (response.statusCode() != 429 && response.statusCode() != 503)) {
          throw new AssertionError(endpoint + " answered " + response.statusCode() + ": " + response.body());
        }
        Thread.sleep(100L * attempt);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
