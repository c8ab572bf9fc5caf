package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real tools on the real files: docker-compose, the stack's own promtool, yamllint.
 * A missing tool skips the test with its reason, except with CI=true, where it fails.
 */
class ToolChecksTest {

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Stack.requireTool("docker-compose");
    Stack.require(Files.isDirectory(Stack.file("app")),
        "app/ (the build context of the app service) does not exist yet");
    // An empty --env-file: check the defaults a clean clone gets, not a local .env.
    String noEnv = Files.createTempFile("empty", ".env").toString();
    Stack.Result config = Stack.run(List.of("docker-compose", "--env-file", noEnv,
        "-f", "docker-compose.yml", "config", "-q"));
    assertThat(config.exitCode()).as(config.output()).isZero();
    Stack.Result services = Stack.run(List.of("docker-compose", "--env-file", noEnv,
        "-f", "docker-compose.yml", "config", "--services"));
    assertThat(services.output().lines().toList())
        .containsExactlyInAnyOrder("app", "loadgen", "prometheus", "loki", "jaeger", "pyroscope", "grafana");
  }

  /** The promtool of the Prometheus the stack runs (scripts/native-tools.sh), not any other. */
  static void requireNativePromtool() {
    Stack.require(Stack.onPath("promtool"), "promtool is not on PATH: make native-tools builds the stack's own"
        + " (it needs Go), and make stack-test puts it on PATH");
  }

  @Test
  void promtoolIsTheVersionTheStackPins() {
    requireNativePromtool();
    String image = Stack.yaml(Stack.file("docker-compose.yml")).path("services").path("prometheus").path("image").asText();
    String version = image.substring(image.lastIndexOf(':') + 2);
    Stack.Result r = Stack.run(List.of("promtool", "--version"));
    assertThat(r.output()).contains("promtool, version " + version + " ");
  }

  @Test
  void promtoolAcceptsTheConfig() {
    requireNativePromtool();
    Stack.Result r = Stack.run(List.of("promtool", "check", "config", "prometheus/prometheus.yml"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void promtoolAcceptsTheRules() {
    requireNativePromtool();
    List<String> cmd = new ArrayList<>(List.of("promtool", "check", "rules"));
    Stack.files("prometheus/rules", ".yml", ".yaml").forEach(p -> cmd.add(Stack.root().relativize(p).toString()));
    assertThat(cmd).hasSizeGreaterThan(3);
    Stack.Result r = Stack.run(cmd);
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void alertsFireWhenTheyShould() {
    requireNativePromtool();
    List<String> cmd = new ArrayList<>(List.of("promtool", "test", "rules"));
    Stack.files("prometheus/tests", ".yml").forEach(p -> cmd.add(Stack.root().relativize(p).toString()));
    Stack.Result r = Stack.run(cmd);
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void promtoolRejectsABrokenRule() throws Exception {
    requireNativePromtool();
    Path bad = Files.createTempFile("bad-rules", ".yml");
    Files.writeString(bad, "groups:\n  - name: x\n    rules:\n      - record: a:b\n        expr: sum(rate(x[1m]\n");
    Stack.Result r = Stack.run(List.of("promtool", "check", "rules", bad.toString()));
    assertThat(r.exitCode()).as("promtool must fail on a broken rule").isNotZero();
  }

  @Test
  void everyYamlFileIsClean() throws Exception {
    Stack.requireTool("yamllint");
    List<String> cmd = new ArrayList<>(List.of("yamllint", "-s", "-c", "stack-tests/yamllint.yml"));
    List<String> files = yamlFiles();
    assertThat(files).contains("docker-compose.yml", ".github/workflows/ci.yml", "loki/loki.yaml");
    cmd.addAll(files);
    Stack.Result r = Stack.run(cmd);
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void yamllintRejectsBrokenYaml() throws Exception {
    Stack.requireTool("yamllint");
    Path bad = Files.createTempFile("bad", ".yaml");
    Files.writeString(bad, "a: 1\na: 2\n");
    Stack.Result r = Stack.run(List.of("yamllint", "-s", "-c", "stack-tests/yamllint.yml", bad.toString()));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("duplication of key");
  }

  static List<String> yamlFiles() {
    List<String> out = new ArrayList<>(List.of("docker-compose.yml", ".github/workflows/ci.yml",
        "stack-tests/yamllint.yml"));
    for (String dir : List.of("prometheus", "loki", "jaeger", "pyroscope", "grafana")) {
      Stack.files(dir, ".yml", ".yaml").forEach(p -> out.add(Stack.root().relativize(p).toString()));
    }
    return Stream.of(out.toArray(String[]::new)).filter(f -> Files.exists(Stack.file(f))).toList();
  }
}
