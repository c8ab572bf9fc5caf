package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of docker-compose.yml, on the real file and on snippets that break them. */
class ComposeFileTest {

  static JsonNode compose;

  @BeforeAll
  static void load() {
    compose = Stack.yaml(Stack.file("docker-compose.yml"));
  }

  @Test
  void hasTheServicesTheWorkshopNeeds() {
    assertThat(StackChecks.services(compose).keySet())
        .containsExactlyInAnyOrder("app", "loadgen", "prometheus", "loki", "jaeger", "pyroscope", "grafana");
    assertThat(compose.has("version")).as("Compose specification: no version key").isFalse();
  }

  @Test
  void portsAreBoundToLoopback() {
    assertThat(StackChecks.portsOnLoopback(compose)).isEmpty();
  }

  @Test
  void imagesArePinned() {
    assertThat(StackChecks.imagesPinned(compose)).isEmpty();
  }

  /** The receiver as the release workflow publishes it: ghcr.io/OWNER/REPOSITORY/receiver. */
  static final java.util.regex.Pattern RECEIVER =
      java.util.regex.Pattern.compile("ghcr\\.io/[a-z0-9._-]+/[a-z0-9._-]+/receiver:\\$\\{RECEIVER_TAG:-([^}]+)}");

  @Test
  void theReceiverImageIsPulledByDefaultAndBuiltByAppAloneFromSource() {
    assertThat(StackChecks.localImages(compose)).as("by default nothing is built").isEmpty();
    String image = compose.path("services").path("app").path("image").asText();
    assertThat(image).matches(RECEIVER);
    assertThat(compose.path("services").path("loadgen").path("image").asText()).isEqualTo(image);
    JsonNode building = Stack.composeBuildingTheReceiver();
    assertThat(StackChecks.localImagesBuiltOnce(building)).isEmpty();
    assertThat(StackChecks.localImages(building)).containsExactly(image);
  }

  @Test
  void theReceiverTagIsOneValueInComposeAndEnvExample() throws Exception {
    java.util.regex.Matcher defaults = RECEIVER.matcher(Files.readString(Stack.file("docker-compose.yml")));
    Set<String> tags = new java.util.TreeSet<>();
    int images = 0;
    while (defaults.find()) {
      tags.add(defaults.group(1));
      images++;
    }
    assertThat(images).as("app and loadgen").isEqualTo(2);
    assertThat(tags).hasSize(1);
    assertThat(Files.readString(Stack.file(".env.example")))
        .containsPattern("(?m)^RECEIVER_TAG=" + java.util.regex.Pattern.quote(tags.iterator().next()) + "$");
  }

  @Test
  void noServiceAlwaysPulls() {
    // Offline, with every image on the laptop (make kit-load), `up` must not ask a registry.
    for (JsonNode config : java.util.List.of(compose, Stack.composeBuildingTheReceiver())) {
      StackChecks.services(config).forEach((name, svc) ->
          assertThat(svc.path("pull_policy").asText("missing")).as(name).isNotEqualTo("always"));
    }
  }

  @Test
  void aLocalImageBuiltTwiceOrPulledIsCaught() {
    JsonNode twice = Stack.yaml("""
        services:
          app: {build: ./app, image: local/x:dev, pull_policy: build}
          loadgen: {build: ./app, image: local/x:dev}
          other: {image: local/x:dev}
        """);
    assertThat(StackChecks.localImagesBuiltOnce(twice)).containsExactly(
        "image local/x:dev is built by 2 services (app, loadgen): build it in one, and let the others run it with pull_policy: never",
        "loadgen: builds local/x:dev but has no pull_policy: build, so a plain up pulls it first",
        "other: runs local/x:dev, which app builds, without pull_policy: never, so up asks a registry for it");
  }

  @Test
  void everyServiceHasAHealthcheck() {
    assertThat(StackChecks.healthchecks(compose)).isEmpty();
  }

  @Test
  void dependenciesWaitForHealthy() {
    assertThat(StackChecks.dependsOnHealthy(compose)).isEmpty();
  }

  @Test
  void memoryLimitsFitInThreeAndAHalfGiB() {
    assertThat(StackChecks.memoryLimits(compose, StackChecks.MEMORY_BUDGET)).isEmpty();
  }

  @Test
  void namedVolumesAreDeclared() {
    assertThat(StackChecks.namedVolumesDeclared(compose)).isEmpty();
    assertThat(compose.path("volumes").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void hostPortsComeFromTheDocumentedVariables() throws Exception {
    String text = Files.readString(Stack.file("docker-compose.yml"));
    String example = Files.readString(Stack.file(".env.example"));
    for (String var : Set.of("RECEIVER_PORT", "RECEIVER_ADMIN_PORT", "PROMETHEUS_PORT", "LOKI_PORT",
        "JAEGER_UI_PORT", "JAEGER_OTLP_GRPC_PORT", "JAEGER_OTLP_HTTP_PORT", "PYROSCOPE_PORT", "GRAFANA_PORT")) {
      assertThat(text).as("compose uses ${%s:-default}", var).contains("${" + var + ":-");
      assertThat(example).as(".env.example documents %s", var).containsPattern("(?m)^" + var + "=\\d+$");
    }
  }

  @Test
  void configFilesMountedFromTheRepositoryExist() {
    assertThat(StackChecks.mountedFilesExist(compose, Stack.root())).isEmpty();
  }

  @Test
  void aMissingMountedFileIsCaughtInEitherSyntax() {
    JsonNode bad = Stack.yaml("""
        services:
          short:
            volumes: ["./prometheus:/etc/prometheus:ro", "./no/such/dir:/etc/x:ro", "data:/data"]
          long:
            volumes:
              - {type: bind, source: ./grafana/provisioning, target: /etc/grafana/provisioning, read_only: true}
              - {type: bind, source: ./no/such/file.yaml, target: /etc/y.yaml}
              - {type: volume, source: data, target: /data}
        """);
    assertThat(StackChecks.mountedFilesExist(bad, Stack.root())).containsExactly(
        "short: mounts ./no/such/dir, which does not exist",
        "long: mounts ./no/such/file.yaml, which does not exist");
  }

  // ------------------------------------------------ the checkers catch what they claim to

  static final String BAD = """
      services:
        open:
          image: grafana/grafana:latest
          ports: ["3000:3000", {target: 80, published: 8080, host_ip: 0.0.0.0}]
          mem_limit: 4g
          volumes: ["undeclared:/data"]
        untagged:
          image: grafana/loki
          healthcheck: {disable: true}
          depends_on: [open]
        fine:
          image: prom/prometheus:v3.13.1
          healthcheck: {test: ["CMD", "promtool", "check", "ready"]}
          depends_on: {open: {condition: service_started}, ghost: {condition: service_healthy}}
          ports: ["127.0.0.1:9090:9090", {target: 9091, published: 9091, host_ip: 127.0.0.1}]
          mem_limit: 512m
      """;

  @Test
  void checkersReportBrokenRules() {
    JsonNode bad = Stack.yaml(BAD);
    assertThat(StackChecks.portsOnLoopback(bad))
        .containsExactly("open: port \"3000:3000\" is not bound to 127.0.0.1",
            "open: port {\"target\":80,\"published\":8080,\"host_ip\":\"0.0.0.0\"} is not bound to 127.0.0.1");
    assertThat(StackChecks.imagesPinned(bad))
        .containsExactly("open: image grafana/grafana:latest is not pinned to an exact tag",
            "untagged: image grafana/loki has no tag");
    assertThat(StackChecks.healthchecks(bad)).containsExactly("open: no healthcheck", "untagged: no healthcheck");
    assertThat(StackChecks.dependsOnHealthy(bad)).containsExactly(
        "untagged: depends_on must be a map with condition: service_healthy",
        "fine: depends_on open without condition: service_healthy",
        "fine: depends_on unknown service ghost");
    assertThat(StackChecks.memoryLimits(bad, StackChecks.MEMORY_BUDGET)).containsExactly(
        "untagged: no memory limit", "memory limits add up to 4608 MiB, over the 3584 MiB budget");
    assertThat(StackChecks.namedVolumesDeclared(bad))
        .containsExactly("open: volume undeclared is not declared under volumes:");
  }

  @Test
  void imageWithRegistryPortIsReadCorrectly() {
    JsonNode compose = Stack.yaml("""
        services:
          a: {image: "localhost:5000/tool"}
          b: {image: "localhost:5000/tool:1.2.3"}
        """);
    assertThat(StackChecks.imagesPinned(compose)).containsExactly("a: image localhost:5000/tool has no tag");
  }

  @Test
  void aTagFromTheEnvironmentIsPinnedOnlyByAnExactDefault() {
    JsonNode compose = Stack.yaml("""
        services:
          a: {image: "ghcr.io/o/r/receiver:${RECEIVER_TAG:-0.1.0}"}
          b: {image: "ghcr.io/o/r/receiver:${RECEIVER_TAG}"}
          c: {image: "ghcr.io/o/r/receiver:${RECEIVER_TAG:-latest}"}
        """);
    assertThat(StackChecks.imagesPinned(compose)).containsExactly(
        "b: image ghcr.io/o/r/receiver:${RECEIVER_TAG} is not pinned to an exact tag",
        "c: image ghcr.io/o/r/receiver:latest is not pinned to an exact tag");
  }

  @Test
  void memorySizesAreRead() {
    assertThat(StackChecks.bytes("768m")).isEqualTo(768L * 1024 * 1024);
    assertThat(StackChecks.bytes("1g")).isEqualTo(1024L * 1024 * 1024);
    assertThat(StackChecks.bytes("512MiB")).isEqualTo(512L * 1024 * 1024);
  }
}
