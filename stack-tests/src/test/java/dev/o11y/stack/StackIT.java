package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Starts the real docker-compose.yml and walks the workshop's chain through the real servers:
 * one remote-write request → its trace in Jaeger → its log lines in Loki → its exemplar in
 * Prometheus → the service's profile in Pyroscope, and the same through Grafana's APIs.
 * Without Docker the whole class is skipped (and reported as skipped).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

  static final List<String> SERVICES = List.of("app", "loadgen", "prometheus", "loki", "jaeger", "pyroscope", "grafana");
  static final List<String> DATASOURCES = List.of("prometheus", "loki", "jaeger", "pyroscope");

  /** Host ports of their own, so `make it` does not collide with a running `make up`. */
  static final Map<String, String> PORTS = Map.of(
      "RECEIVER_PORT", "28080", "RECEIVER_ADMIN_PORT", "28081", "PROMETHEUS_PORT", "29090",
      "LOKI_PORT", "23100", "JAEGER_UI_PORT", "26686", "JAEGER_OTLP_GRPC_PORT", "24317",
      "JAEGER_OTLP_HTTP_PORT", "24318", "PYROSCOPE_PORT", "24040", "GRAFANA_PORT", "23000");

  @Container
  static final ComposeContainer STACK = stack();

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final Duration PATIENCE = Duration.ofMinutes(3);

  /** Trace IDs of requests we sent; whichever Prometheus kept as an exemplar is the one we follow. */
  static final Set<String> sentTraceIds = new LinkedHashSet<>();
  static String traceId;

  static ComposeContainer stack() {
    ComposeContainer c = new ComposeContainer("stackit", new File(Stack.root().toFile(), "docker-compose.yml"))
        .withBuild(true)
        .withEnv(PORTS)
        .withStartupTimeout(Duration.ofMinutes(8));
    for (String s : SERVICES) {
      c = c.waitingFor(s, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(8)));
    }
    return c;
  }

  static String url(String portVar, String path) {
    return "http://127.0.0.1:" + PORTS.get(portVar) + path;
  }

  @BeforeAll
  static void quiet() {
    // The load generator's requests would overwrite our exemplars: stop it for this test.
    container("loadgen").ifPresent(c -> docker().stopContainerCmd(c.getContainerId()).exec());
  }

  @Test
  @Order(1)
  void everyServiceIsHealthy() {
    for (String s : List.of("app", "prometheus", "loki", "jaeger", "pyroscope", "grafana")) {
      ContainerState c = container(s).orElseThrow(() -> new AssertionError("no container for " + s));
      assertThat(c.getCurrentContainerInfo().getState().getHealth().getStatus()).as(s).isEqualTo("healthy");
    }
  }

  @Test
  @Order(2)
  void grafanaReportsEveryDatasourceHealthy() {
    for (String uid : DATASOURCES) {
      JsonNode health = eventually("datasource " + uid + " healthy", () -> {
        JsonNode h = getJson(url("GRAFANA_PORT", "/api/datasources/uid/" + uid + "/health"));
        return h != null && "OK".equals(h.path("status").asText()) ? h : null;
      });
      assertThat(health.path("status").asText()).as(uid + ": " + health).isEqualTo("OK");
    }
  }

  @Test
  @Order(3)
  void aRequestLeavesAnExemplarWithItsTraceIdInPrometheus() {
    traceId = eventually("an exemplar carrying one of our trace IDs", () -> {
      sendRemoteWrite();
      long now = Instant.now().getEpochSecond();
      JsonNode ex = getJson(url("PROMETHEUS_PORT", "/api/v1/query_exemplars?query="
          + enc("http_request_duration_seconds_bucket{job=\"receiver\"}")
          + "&start=" + (now - 600) + "&end=" + (now + 60)));
      if (ex == null) {
        return null;
      }
      for (JsonNode series : ex.path("data")) {
        for (JsonNode e : series.path("exemplars")) {
          String id = e.path("labels").path("trace_id").asText();
          if (sentTraceIds.contains(id)) {
            return id;
          }
        }
      }
      return null;
    });
    assertThat(traceId).matches("[0-9a-f]{32}");
  }

  @Test
  @Order(4)
  void theTraceIsInJaeger() {
    JsonNode trace = eventually("trace " + traceId + " in Jaeger", () -> {
      JsonNode t = getJson(url("JAEGER_UI_PORT", "/api/traces/" + traceId));
      return t != null && t.path("data").path(0).path("spans").size() > 0 ? t : null;
    });
    JsonNode spans = trace.path("data").path(0).path("spans");
    assertThat(spans.findValuesAsText("operationName")).anyMatch(op -> op.startsWith("POST"));
    assertThat(trace.path("data").path(0).path("processes").findValuesAsText("serviceName")).contains("receiver");
  }

  @Test
  @Order(5)
  void itsLogLinesAreInLoki() {
    String query = "{service_name=\"receiver\"} | trace_id=\"" + traceId + "\"";
    JsonNode streams = eventually("log lines of trace " + traceId + " in Loki", () -> {
      long nowNs = System.currentTimeMillis() * 1_000_000L;
      JsonNode r = getJson(url("LOKI_PORT", "/loki/api/v1/query_range?query=" + enc(query)
          + "&start=" + (nowNs - 900L * 1_000_000_000L) + "&end=" + nowNs + "&limit=50"));
      return r != null && r.path("data").path("result").size() > 0 ? r.path("data").path("result") : null;
    });
    assertThat(streams.path(0).path("values").size()).isPositive();
  }

  @Test
  @Order(6)
  void theServiceHasAProfileInPyroscope() {
    JsonNode names = eventually("service_name=receiver in Pyroscope", () -> {
      long now = System.currentTimeMillis();
      JsonNode r = postJson(url("PYROSCOPE_PORT", "/querier.v1.QuerierService/LabelValues"),
          "{\"name\":\"service_name\",\"start\":" + (now - 900_000) + ",\"end\":" + now + "}");
      return r != null && r.path("names").toString().contains("\"receiver\"") ? r.path("names") : null;
    });
    assertThat(names.toString()).contains("\"receiver\"");
  }

  @Test
  @Order(7)
  void theSameChainThroughGrafana() {
    // Exemplar (Prometheus datasource) ...
    JsonNode exemplars = eventually("exemplars through Grafana", () -> dsQuery(
        "{\"refId\":\"A\",\"datasource\":{\"uid\":\"prometheus\"},\"expr\":"
            + quote("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"receiver\"}[1m])))")
            + ",\"range\":true,\"exemplar\":true,\"intervalMs\":15000,\"maxDataPoints\":100}", traceId));
    assertThat(exemplars.toString()).contains(traceId);

    // ... trace (Jaeger, through Grafana's datasource proxy, as the trace view does) ...
    JsonNode trace = eventually("trace through Grafana", () -> {
      JsonNode t = getJson(url("GRAFANA_PORT", "/api/datasources/proxy/uid/jaeger/api/traces/" + traceId));
      return t != null && t.path("data").path(0).path("spans").size() > 0 ? t : null;
    });
    assertThat(trace.path("data").path(0).path("traceID").asText()).isEqualTo(traceId);

    // ... logs (Loki) ...
    JsonNode logs = eventually("logs through Grafana", () -> dsQuery(
        "{\"refId\":\"A\",\"datasource\":{\"uid\":\"loki\"},\"expr\":"
            + quote("{service_name=\"receiver\"} | trace_id=\"" + traceId + "\"")
            + ",\"queryType\":\"range\",\"maxLines\":20}", traceId));
    assertThat(logs.toString()).contains(traceId);

    // ... profile (Pyroscope).
    JsonNode profile = eventually("profile through Grafana", () -> dsQuery(
        "{\"refId\":\"A\",\"datasource\":{\"uid\":\"pyroscope\"},\"queryType\":\"profile\","
            + "\"profileTypeId\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\","
            + "\"labelSelector\":" + quote("{service_name=\"receiver\"}") + ",\"groupBy\":[]}", "receiver"));
    assertThat(profile.path("results").path("A").path("frames").size()).isPositive();
  }

  // ---------------------------------------------------------------- helpers

  static void sendRemoteWrite() {
    byte[] body;
    try (InputStream in = StackIT.class.getResourceAsStream("/remote-write/b0000.bin")) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest req = HttpRequest.newBuilder(URI.create(url("RECEIVER_PORT", "/api/v1/write")))
        .header("Content-Encoding", "snappy")
        .header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).as("receiver answered " + res.body()).isBetween(200, 299);
      res.headers().firstValue("X-Trace-Id").ifPresent(sentTraceIds::add);
      assertThat(res.headers().firstValue("X-Request-ID")).as("X-Request-ID header").isPresent();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST /api/ds/query; returns the response once its text contains {@code mustContain}. */
  static JsonNode dsQuery(String query, String mustContain) {
    String body = "{\"from\":\"now-15m\",\"to\":\"now\",\"queries\":[" + query + "]}";
    JsonNode r = postJson(url("GRAFANA_PORT", "/api/ds/query"), body);
    return r != null && r.toString().contains(mustContain) ? r : null;
  }

  static JsonNode getJson(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static JsonNode postJson(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The parsed body of a 2xx answer, or null (not there yet) for anything else. */
  static JsonNode send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> res = HTTP.send(builder.timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
      return res.statusCode() / 100 == 2 ? Stack.JSON.readTree(res.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until the supplier returns non-null: telemetry arrives in batches, seconds apart. */
  static <T> T eventually(String what, Supplier<T> probe) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("gave up after " + PATIENCE + " waiting for " + what);
  }

  static Optional<ContainerState> container(String service) {
    Optional<ContainerState> c = STACK.getContainerByServiceName(service + "-1");
    return c.isPresent() ? c : STACK.getContainerByServiceName(service);
  }

  static com.github.dockerjava.api.DockerClient docker() {
    return org.testcontainers.DockerClientFactory.instance().client();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    try {
      return Stack.JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
