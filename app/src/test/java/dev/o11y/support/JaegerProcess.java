package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's Jaeger v2 (the native build of the version docker-compose.yml pins), started
 * with the stack's own jaeger/config.yaml rendered for loopback and its compose flags.
 */
public final class JaegerProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NativeProcess process;
  private final LoopbackPorts ports;
  private final Path dir;

  private JaegerProcess(NativeProcess process, LoopbackPorts ports, Path dir) {
    this.process = process;
    this.ports = ports;
    this.dir = dir;
  }

  public static JaegerProcess startStackConfig(Path binary, LoopbackPorts ports) throws IOException {
    return start(binary, ports, StackFiles.read("jaeger/config.yaml"));
  }

  /**
   * Starts it with a config of jaeger/config.yaml's form (the stack's, or one to compare with it),
   * rendered for loopback; the directories of compose's named volumes move into a scratch directory.
   */
  public static JaegerProcess start(Path binary, LoopbackPorts ports, String configText) throws IOException {
    Path dir = Files.createTempDirectory("jaeger-");
    Path config = dir.resolve("config.yaml");
    String rendered = StackFiles.renderForLoopback("jaeger", configText, StackFiles.services(), ports);
    for (String mount : StackFiles.namedVolumeMounts("jaeger")) {
      rendered = rendered.replace(" " + mount + "/", " " + dir.resolve(mount.substring(1)) + "/");
    }
    Files.writeString(config, rendered);
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(StackFiles.command("jaeger", Map.of("--config=file:", "--config=file:" + config)));
    NativeProcess process = NativeProcess.start("jaeger", command, dir);
    // What the compose healthcheck asks: the healthcheckv2 extension's /status.
    process.awaitOk(ports.of("jaeger", 13133), "/status", Duration.ofSeconds(60));
    return new JaegerProcess(process, ports, dir);
  }

  /** OTLP/HTTP traces endpoint, as the receiver's agent is told in compose. */
  public String otlpTracesEndpoint() {
    return "http://127.0.0.1:" + ports.of("jaeger", 4318) + "/v1/traces";
  }

  public int queryPort() {
    return ports.of("jaeger", 16686);
  }

  /** GET on Jaeger's HTTP query API (what Grafana's Jaeger datasource calls); empty on 404. */
  public Optional<JsonNode> api(String path) {
    var response = Http.get(queryPort(), path);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("jaeger " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scratch directory that stands in for its volumes: what it keeps on disk is under it. */
  public Path dataDirectory() {
    return dir;
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
