package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/**
 * The stack's Prometheus (the native build of the version docker-compose.yml pins), started
 * with the stack's own prometheus.yml rendered for loopback, its own rules, and the flags of
 * its compose command line. Only paths, host names and ports differ from the container.
 */
public final class PrometheusProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NativeProcess process;
  private final int port;

  private PrometheusProcess(NativeProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it on the port the table gives "prometheus:9090", with the stack's config. */
  public static PrometheusProcess startStackConfig(Path binary, LoopbackPorts ports) throws IOException {
    Path dir = Files.createTempDirectory("prometheus-");
    String config = StackFiles.renderForLoopback("prometheus", StackFiles.read("prometheus/prometheus.yml"),
        StackFiles.services(), ports);
    Files.writeString(dir.resolve("prometheus.yml"), config);
    // rule_files are relative to the config file: the rules load from the stack's own files.
    Files.createSymbolicLink(dir.resolve("rules"), StackFiles.path("prometheus/rules"));
    int port = ports.of("prometheus", 9090); // localhost:9090, its self-scrape, is the same
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(StackFiles.command("prometheus", Map.of(
        "--config.file=", "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=", "--storage.tsdb.path=" + dir.resolve("data"))));
    command.add("--web.listen-address=127.0.0.1:" + port);
    NativeProcess process = NativeProcess.start("prometheus", command, dir);
    process.awaitOk(port, "/-/ready", Duration.ofSeconds(60));
    return new PrometheusProcess(process, port);
  }

  public int port() {
    return port;
  }

  /** Prometheus's own counter, summed over its label sets, per value of one label. */
  public Map<String, Double> selfMetricBy(String name, String label) {
    Map<String, Double> sums = new TreeMap<>();
    for (String line : Http.get(port, "/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        String key = MetricsText.label(line, label);
        sums.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
    }
    return sums;
  }

  /** Prometheus's own counter, summed over its label sets. */
  public double selfMetric(String name) {
    return selfMetricBy(name, "__none__").values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** GET an API path, parsed; fails unless Prometheus answers "success". */
  public JsonNode api(String path) {
    try {
      JsonNode body = JSON.readTree(Http.get(port, path).body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("prometheus " + path + " answered " + body);
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An instant query; the result, or an AssertionError with Prometheus's own error. */
  public JsonNode query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** /api/v1/query_exemplars over the last ten minutes. */
  public JsonNode exemplars(String promql) {
    long now = System.currentTimeMillis() / 1000;
    return api("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + (now - 600) + "&end=" + (now + 60));
  }

  /** The trace IDs of a query's exemplars over the last ten minutes, oldest first. */
  public List<String> exemplarTraceIds(String promql) {
    return traceIds(exemplars(promql));
  }

  /** The trace IDs of a query's exemplars between two instants, as a dashboard of that time range asks. */
  public List<String> exemplarTraceIds(String promql, java.time.Instant from, java.time.Instant to) {
    return traceIds(api("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + from.getEpochSecond() + "&end=" + (to.getEpochSecond() + 1)));
  }

  private static List<String> traceIds(JsonNode exemplars) {
    return StreamSupport.stream(exemplars.spliterator(), false)
        .flatMap(series -> StreamSupport.stream(series.path("exemplars").spliterator(), false))
        .map(e -> e.path("labels").path("trace_id").asText())
        .filter(id -> id.matches("[0-9a-f]{32}"))
        .toList();
  }

  /** Each active target as "job health lastError". */
  public List<String> targets() {
    JsonNode targets = api("/api/v1/targets").path("activeTargets");
    return StreamSupport.stream(targets.spliterator(), false)
        .map(t -> t.path("labels").path("job").asText() + " " + t.path("health").asText() + " " + t.path("lastError").asText())
        .toList();
  }

  public String log() {
    return process.log();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }
}
