package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * .devcontainer/devcontainer.json is what the dev container tools read, and fits the stack:
 * the dev container CLI's own reader (`devcontainer read-configuration`, pinned by
 * scripts/devcontainer-check/package-lock.json) reads exactly what the file says; Docker runs
 * inside it; it forwards and labels the ports docker-compose.yml publishes for the four UIs; its
 * machine has at least twice the memory Docker needs for the stack's limits.
 */
class DevcontainerTest {

  /** The UIs an attendee opens: compose service, the port inside its container, the label's word. */
  static final List<List<String>> UIS = List.of(
      List.of("grafana", "3000", "Grafana"), List.of("prometheus", "9090", "Prometheus"),
      List.of("jaeger", "16686", "Jaeger"), List.of("pyroscope", "4040", "Pyroscope"));

  static final String DOCKER_IN_DOCKER = "ghcr.io/devcontainers/features/docker-in-docker";

  /** JSON with comments and trailing commas, as the dev container spec allows, and nothing looser. */
  static final ObjectMapper JSONC = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

  static String text;
  static JsonNode config;

  @BeforeAll
  static void load() {
    text = LineEndingsTest.read(Stack.file(".devcontainer/devcontainer.json"));
    config = parse(text);
  }

  static JsonNode parse(String jsonc) {
    try {
      return JSONC.readTree(jsonc);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(".devcontainer/devcontainer.json is not valid JSON with comments: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
    }
  }

  /** The CLI's reader, run on the file: it must read every key the file has, with the same values. */
  @Test
  void theDevContainerCliReadsTheFileAsItIsWritten() throws JsonProcessingException {
    if (!Stack.onPath("node") || !Stack.onPath("npm")) {
      String reason = "no Node.js and npm on PATH: the dev container CLI's reader needs Node 20 or newer";
      if (Stack.CI) {
        org.junit.jupiter.api.Assertions.fail(reason + " (CI=true: a missing tool fails the build)");
      }
      org.junit.jupiter.api.Assumptions.abort(reason + " (skipped)");
    }
    Stack.Result read = Stack.run(List.of("bash", "scripts/devcontainer-check/read-configuration.sh"));
    assertThat(read.exitCode()).as(read.output()).isZero();
    JsonNode seen = Stack.JSON.readTree(read.output()).path("configuration");
    assertThat(readerProblems(config, seen)).isEmpty();
  }

  @Test
  void dockerRunsInsideOnAPinnedImage() {
    assertThat(config.path("image").asText()).matches("mcr\\.microsoft\\.com/devcontainers/base:\\d+\\.\\d+\\.\\d+-[a-z]+");
    List<String> features = new ArrayList<>();
    config.path("features").fieldNames().forEachRemaining(features::add);
    assertThat(features).anyMatch(f -> f.startsWith(DOCKER_IN_DOCKER + ":"));
  }

  @Test
  void itForwardsAndLabelsThePortsComposePublishesForTheUis() {
    assertThat(portProblems(config, Stack.yaml(Stack.file("docker-compose.yml")))).isEmpty();
  }

  @Test
  void itsMachineHasTwiceTheMemoryDockerNeedsForTheStack() {
    JsonNode compose = Stack.yaml(Stack.file("docker-compose.yml"));
    JsonNode facts = Stack.yaml(Stack.file("stack-tests/src/test/resources/memory.yaml"));
    long dockerGib = (MemoryLimitsTest.sumMib(compose) + facts.path("docker_headroom_mib").asLong() + 1023) / 1024;
    assertThat(machineProblems(config, dockerGib)).isEmpty();
  }

  // ---------------------------------------------------------------- the checks

  /** Keys the file has that the reader did not read as written (it adds configFilePath only). */
  static List<String> readerProblems(JsonNode written, JsonNode seen) {
    List<String> problems = new ArrayList<>();
    ObjectNode rest = seen.deepCopy();
    rest.remove("configFilePath");
    written.fieldNames().forEachRemaining(key -> {
      if (!written.path(key).equals(seen.path(key))) {
        problems.add("the dev container CLI reads " + key + " as " + seen.path(key) + ", the file says " + written.path(key));
      }
      rest.remove(key);
    });
    rest.fieldNames().forEachRemaining(key -> problems.add("the dev container CLI reads " + key + ", which the file does not have"));
    return problems;
  }

  /** forwardPorts: exactly the UIs' published host ports (compose's defaults), each labelled with its UI. */
  static List<String> portProblems(JsonNode config, JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> expected = new LinkedHashMap<>();
    for (List<String> ui : UIS) {
      Integer host = publishedPort(compose.path("services").path(ui.get(0)), ui.get(1));
      if (host == null) {
        problems.add("docker-compose.yml publishes no port for " + ui.get(0) + ":" + ui.get(1));
      } else {
        expected.put(host, ui.get(2));
      }
    }
    List<Integer> forwarded = new ArrayList<>();
    config.path("forwardPorts").forEach(p -> forwarded.add(p.asInt()));
    if (!forwarded.equals(new ArrayList<>(expected.keySet()))) {
      problems.add("forwardPorts is " + forwarded + ", docker-compose.yml publishes the UIs on " + expected.keySet());
    }
    expected.forEach((port, ui) -> {
      String label = config.path("portsAttributes").path(String.valueOf(port)).path("label").asText("");
      if (!label.contains(ui)) {
        problems.add("port " + port + " is labelled '" + label + "', not " + ui);
      }
    });
    return problems;
  }

  /** The host side of "127.0.0.1:${VAR:-13000}:3000" whose container side is {@code containerPort}. */
  static Integer publishedPort(JsonNode service, String containerPort) {
    Pattern spec = Pattern.compile("^(?:[^:]+:)?(?:\\$\\{[A-Z0-9_]+:-(\\d+)\\}|(\\d+)):" + containerPort + "(?:/tcp)?$");
    for (JsonNode port : service.path("ports")) {
      Matcher m = spec.matcher(port.asText());
      if (m.matches()) {
        return Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return null;
  }

  /** hostRequirements: at least 2 cores and twice Docker's memory, so the editor and builds fit beside it. */
  static List<String> machineProblems(JsonNode config, long dockerGib) {
    List<String> problems = new ArrayList<>();
    JsonNode host = config.path("hostRequirements");
    Matcher memory = Pattern.compile("(?i)^(\\d+)gb$").matcher(host.path("memory").asText(""));
    if (!memory.matches()) {
      problems.add("hostRequirements.memory is '" + host.path("memory").asText("") + "', not a size in gb");
    } else if (Long.parseLong(memory.group(1)) < 2 * dockerGib) {
      problems.add("hostRequirements.memory is " + memory.group(1) + "gb, less than twice the " + dockerGib
          + " GiB Docker needs for the stack");
    }
    if (host.path("cpus").asInt(0) < 2) {
      problems.add("hostRequirements.cpus is " + host.path("cpus").asInt(0) + ", fewer than 2");
    }
    return problems;
  }

  // ------------------------------------------------ the checks catch what they claim to

  @Test
  void theChecksReportAMisreadKeyAWrongPortAnUnlabelledUiAndASmallMachine() {
    JsonNode written = parse("""
        // a comment
        {"name": "x", "forwardPorts": [13000, 19090, 16686, 14041], "portsAttributes": {"13000": {"label": "Grafana"},
         "19090": {"label": "Prometheus"}, "16686": {"label": "Tracing"}}, "hostRequirements": {"cpus": 2, "memory": "6gb"},}
        """);
    JsonNode seen = parse("{\"name\": \"y\", \"forwardPorts\": [13000, 19090, 16686, 14041], \"portsAttributes\": {\"13000\": "
        + "{\"label\": \"Grafana\"}, \"19090\": {\"label\": \"Prometheus\"}, \"16686\": {\"label\": \"Tracing\"}}, "
        + "\"hostRequirements\": {\"cpus\": 2, \"memory\": \"6gb\"}, \"configFilePath\": {}, \"extra\": 1}");
    assertThat(readerProblems(written, seen)).containsExactly(
        "the dev container CLI reads name as \"y\", the file says \"x\"",
        "the dev container CLI reads extra, which the file does not have");
    assertThat(portProblems(written, Stack.yaml(Stack.file("docker-compose.yml")))).containsExactly(
        "forwardPorts is [13000, 19090, 16686, 14041], docker-compose.yml publishes the UIs on [13000, 19090, 16686, 14040]",
        "port 16686 is labelled 'Tracing', not Jaeger",
        "port 14040 is labelled '', not Pyroscope");
    assertThat(machineProblems(written, 4)).containsExactly(
        "hostRequirements.memory is 6gb, less than twice the 4 GiB Docker needs for the stack");
    assertThat(machineProblems(parse("{\"hostRequirements\": {\"cpus\": 1, \"memory\": \"16 GB\"}}"), 4)).containsExactly(
        "hostRequirements.memory is '16 GB', not a size in gb", "hostRequirements.cpus is 1, fewer than 2");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("{\"a\": 1 \"b\": 2}"))
        .hasMessageContaining("not valid JSON with comments");
  }
}
