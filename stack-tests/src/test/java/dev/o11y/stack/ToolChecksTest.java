package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real tools on the real files: Docker Compose v5 and the stack's own promtool (both built
 * by scripts/native-tools.sh), yamllint.
 * A missing tool skips the test with its reason, except with CI=true, where it fails.
 */
class ToolChecksTest {

  /** Docker Compose v5, the version scripts/native-tools.sh builds: the loader users run `make up` with. */
  static void requireCompose() {
    Stack.require(Stack.onPath("docker-compose"), "docker-compose is not on PATH: make native-tools builds Compose v5"
        + " (it needs Go), and make stack-test puts it on PATH");
    Stack.Result version = Stack.run(List.of("docker-compose", "version", "--short"));
    Stack.Result pinned = Stack.run(List.of("bash", "scripts/native-tools.sh", "--versions"));
    String want = pinned.output().lines().filter(l -> l.startsWith("docker-compose ")).findFirst().orElseThrow()
        .split(" ")[1].replaceFirst("^v", "");
    assertThat(version.output().trim()).as("the docker-compose on PATH is the one native-tools builds").isEqualTo(want);
  }

  /** `docker compose config` of the file as a clean clone has it: an empty --env-file, so no local .env. */
  static Stack.Result composeConfig(String... args) throws Exception {
    return composeConfig(Combination.DEFAULT, args);
  }

  /**
   * The ways the stack is loaded: as published (`make up`, and offline after `make kit-load`:
   * the same files, every image already here), built from source (`make up BUILD=1`, or when the
   * published image cannot be pulled), each from a clean clone and with .env.example copied to .env.
   */
  enum Combination {
    DEFAULT(false, "docker-compose.yml"),
    DEFAULT_WITH_ENV_EXAMPLE(true, "docker-compose.yml"),
    BUILD(false, "docker-compose.yml", "compose.build.yaml"),
    BUILD_WITH_ENV_EXAMPLE(true, "docker-compose.yml", "compose.build.yaml");

    final boolean envExample;
    final List<String> files;

    Combination(boolean envExample, String... files) {
      this.envExample = envExample;
      this.files = List.of(files);
    }

    boolean builds() {
      return files.contains("compose.build.yaml");
    }
  }

  static Stack.Result composeConfig(Combination combination, String... args) throws Exception {
    String env = combination.envExample ? ".env.example" : Files.createTempFile("empty", ".env").toString();
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "--env-file", env));
    combination.files.forEach(f -> cmd.addAll(List.of("-f", f)));
    cmd.add("config");
    cmd.addAll(List.of(args));
    return Stack.run(cmd);
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    requireCompose();
    Stack.Result config = composeConfig("-q");
    assertThat(config.exitCode()).as(config.output()).isZero();
    Stack.Result services = composeConfig("--services");
    assertThat(services.output().lines().toList())
        .containsExactlyInAnyOrder("app", "loadgen", "prometheus", "loki", "jaeger", "pyroscope", "grafana");
  }

  @Test
  void inEveryCombinationComposeLoadsTheStackWithOneReceiverImageBuiltByAppAlone() throws Exception {
    requireCompose();
    Set<String> images = null;
    for (Combination combination : Combination.values()) {
      Stack.Result json = composeConfig(combination, "--format", "json");
      assertThat(json.exitCode()).as(combination + ": " + json.output()).isZero();
      JsonNode loaded = Stack.JSON.readTree(json.output());
      assertThat(StackChecks.imagesPinned(loaded)).as(combination.name()).isEmpty();
      assertThat(StackChecks.localImagesBuiltOnce(loaded)).as(combination.name()).isEmpty();
      String receiver = loaded.path("services").path("app").path("image").asText();
      assertThat(receiver).as(combination.name()).matches("ghcr\\.io/[a-z0-9._-]+/[a-z0-9._-]+/receiver:\\d+\\.\\d+\\.\\d+");
      assertThat(StackChecks.localImages(loaded)).as(combination.name())
          .isEqualTo(combination.builds() ? Set.of(receiver) : Set.of());
      StackChecks.services(loaded).forEach((name, svc) ->
          assertThat(svc.path("pull_policy").asText("missing")).as(combination + " " + name).isNotEqualTo("always"));
      // The same images whichever way: what `make kit` saves is what every combination runs.
      Set<String> these = new java.util.TreeSet<>(composeConfig(combination, "--images").output().lines().toList());
      assertThat(images == null ? these : images).as(combination.name()).isEqualTo(these);
      images = these;
    }
  }

  @Test
  void dockerComposeRejectsAnUnknownPullPolicy() throws Exception {
    requireCompose();
    Path bad = Files.createTempFile("bad-compose", ".yml");
    Files.writeString(bad, "services:\n  a:\n    image: busybox:1.37\n    pull_policy: sometimes\n");
    Stack.Result r = Stack.run(List.of("docker-compose", "-f", bad.toString(), "config", "-q"));
    assertThat(r.exitCode()).as("compose must refuse what it does not know").isNotZero();
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
    List<String> out = new ArrayList<>(List.of("docker-compose.yml", "compose.build.yaml", ".github/workflows/ci.yml", ".github/workflows/release.yml",
        "stack-tests/yamllint.yml"));
    for (String dir : List.of("prometheus", "loki", "jaeger", "pyroscope", "grafana", "stack-tests/src/test/resources")) {
      Stack.files(dir, ".yml", ".yaml").forEach(p -> out.add(Stack.root().relativize(p).toString()));
    }
    return Stream.of(out.toArray(String[]::new)).filter(f -> Files.exists(Stack.file(f))).toList();
  }
}
