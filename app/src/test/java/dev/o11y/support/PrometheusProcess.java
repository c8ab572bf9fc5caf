package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package) that scrapes the receiver's internal port in
 * OpenMetrics with exemplar storage on, and remote-writes its own samples into the receiver.
 */
public final class PrometheusProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path dir;

  private PrometheusProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static PrometheusProcess start(Path binary, int receiverPublicPort, int receiverInternalPort) throws IOException {
    Path dir = Files.createTempDirectory("prometheus-e2e-");
    Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: receiver
            static_configs:
              - targets: ["127.0.0.1:%d"]
        remote_write:
          - url: http://127.0.0.1:%d/receive
            send_exemplars: true
            queue_config:
              batch_send_deadline: 1s
              max_backoff: 1s
            metadata_config:
              send_interval: 2s
        """.formatted(receiverInternalPort, receiverPublicPort));
    int port = freePort();
    Process process = new ProcessBuilder(binary.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--enable-feature=exemplar-storage")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    PrometheusProcess prometheus = new PrometheusProcess(process, port, dir);
    prometheus.awaitReady(Duration.ofSeconds(30));
    return prometheus;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited:\n" + log());
      }
      try {
        if (Http.get(port, "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException notYetListening) {
        // keep waiting
      }
      Waits.pause();
    }
    throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + log());
  }

  public int port() {
    return port;
  }

  /** Sum of a Prometheus self-metric over all its label sets (from its own /metrics). */
  public double selfMetric(String name) {
    double sum = 0;
    for (String line : Http.get(port, "/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** /api/v1/query_exemplars over the last ten minutes. */
  public JsonNode exemplars(String query) {
    long now = System.currentTimeMillis() / 1000;
    String path = "/api/v1/query_exemplars?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start=" + (now - 600) + "&end=" + (now + 60);
    try {
      return new ObjectMapper().readTree(Http.get(port, path).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scrape target's health as Prometheus sees it ("up", "down" or "unknown"). */
  public List<String> targetHealth() {
    try {
      JsonNode targets = new ObjectMapper().readTree(Http.get(port, "/api/v1/targets").body())
          .path("data").path("activeTargets");
      return java.util.stream.StreamSupport.stream(targets.spliterator(), false)
          .map(t -> t.path("health").asText() + " " + t.path("lastError").asText()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.toHandle().destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
