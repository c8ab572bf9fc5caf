package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The stack against the facts read from each image's upstream source at its tag
 * (src/test/resources/images.yaml): what compose and the Dockerfile pin, what the
 * healthchecks run and ask, the user app/Dockerfile builds on, and the settings whose meaning
 * depends on the version.
 */
class ImageFactsTest {

  /** The settings images.yaml held when this was written: fewer means a list lost or renamed. */
  static final int SETTINGS = 21;

  private static final JsonNode FACTS = facts();

  private static JsonNode facts() {
    try (InputStream in = ImageFactsTest.class.getResourceAsStream("/images.yaml")) {
      return Stack.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An image reference without its tag: grafana/grafana:13.2.3 is grafana/grafana. */
  static String name(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  /** Every image the stack pins, name to tag: compose's services and the Dockerfile's FROM lines. */
  static Map<String, String> pins() {
    Map<String, String> pins = new TreeMap<>();
    JsonNode compose = Stack.composeBuildingTheReceiver();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (!local.contains(svc.path("image").asText())) {
        String image = svc.path("image").asText();
        pins.put(name(image), image.substring(name(image).length() + 1));
      }
    });
    Matcher from = Pattern.compile("(?m)^FROM\\s+([^:\\s]+):(\\S+)").matcher(dockerfile());
    while (from.find()) {
      pins.put(from.group(1), from.group(2));
    }
    return pins;
  }

  /** The images compose runs as they are (not the receiver's, which it builds). */
  static Set<String> runByCompose(JsonNode compose) {
    Set<String> images = new HashSet<>();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (!local.contains(svc.path("image").asText())) {
        images.add(name(svc.path("image").asText()));
      }
    });
    return images;
  }

  static String dockerfile() {
    try {
      return Files.readString(Stack.file("app/Dockerfile"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyPinnedImageHasItsFactsAtThatTag() {
    Map<String, String> pins = pins();
    assertThat(pins).containsKeys("prom/prometheus", "grafana/loki", "jaegertracing/jaeger", "grafana/pyroscope",
        "grafana/grafana", "maven", "eclipse-temurin");
    Set<String> described = new HashSet<>();
    FACTS.path("images").fieldNames().forEachRemaining(described::add);
    assertThat(described).as("images.yaml describes exactly the pinned images").isEqualTo(pins.keySet());
    pins.forEach((image, tag) -> {
      JsonNode facts = FACTS.path("images").path(image);
      assertThat(facts.path("tag").asText()).as("%s: the pin and images.yaml", image).isEqualTo(tag);
      assertThat(facts.path("sources")).as("%s: where each fact comes from", image).isNotEmpty();
      assertThat(facts.path("base").asText()).as("%s: base", image).isNotBlank();
    });
    // A health is held by the compose healthcheck that runs it: only images compose runs have one.
    Set<String> withHealth = new HashSet<>();
    FACTS.path("images").fields().forEachRemaining(e -> {
      if (e.getValue().has("health")) {
        withHealth.add(e.getKey());
      }
    });
    assertThat(withHealth).as("images.yaml gives a health to the images compose runs, and to no other")
        .isEqualTo(runByCompose(Stack.composeBuildingTheReceiver()));
  }

  // ---------------------------------------------------------------- healthchecks

  /** What a compose healthcheck runs, word by word: CMD's arguments, or CMD-SHELL's string split. */
  static List<String> command(JsonNode test) {
    List<String> words = new ArrayList<>();
    test.forEach(w -> words.add(w.asText()));
    if (test.isTextual() || (!words.isEmpty() && words.get(0).equals("CMD-SHELL"))) {
      String shell = test.isTextual() ? test.asText() : words.size() > 1 ? words.get(1) : "";
      return Arrays.asList(shell.strip().split("\\s+"));
    }
    return !words.isEmpty() && words.get(0).equals("CMD") ? words.subList(1, words.size()) : words;
  }

  static boolean runsAShell(JsonNode test) {
    return test.isTextual() || test.path(0).asText().equals("CMD-SHELL");
  }

  @Test
  void everyHealthcheckIsTheOneItsImagesFactsGive() {
    assertThat(healthProblems(Stack.composeBuildingTheReceiver(), FACTS)).isEmpty();
  }

  /**
   * Each compose healthcheck against its image's `health`: the program, its flags and the URL
   * it asks (port and path), word for word. The receiver's image is DockerfileTest's.
   */
  static List<String> healthProblems(JsonNode compose, JsonNode facts) {
    List<String> problems = new ArrayList<>();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (local.contains(svc.path("image").asText())) {
        return;
      }
      String image = name(svc.path("image").asText());
      List<String> expected = new ArrayList<>();
      facts.path("images").path(image).path("health").forEach(w -> expected.add(w.asText()));
      List<String> actual = command(svc.path("healthcheck").path("test"));
      if (expected.isEmpty()) {
        problems.add(name + ": images.yaml gives " + image + " no health to hold its healthcheck to");
      } else if (!expected.equals(actual)) {
        problems.add(name + ": healthcheck runs " + actual + ", but images.yaml's health for " + image + " is " + expected);
      }
    });
    return problems;
  }

  @Test
  void aHealthcheckThatAsksOtherThanItsFactsIsCaught() {
    JsonNode bad = Stack.yaml("""
        services:
          grafana:
            image: grafana/grafana:13.2.3
            healthcheck: {test: ["CMD", "/usr/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/api/healthz"]}
          prometheus:
            image: prom/prometheus:v3.16.0
            healthcheck: {test: ["CMD", "/bin/promtool", "check", "healthy", "--url=http://127.0.0.1:9090"]}
          jaeger:
            image: jaegertracing/jaeger:2.12.0
            healthcheck: {test: ["CMD-SHELL", "/usr/bin/wget -q -O /dev/null http://127.0.0.1:13134/status"]}
          loki:
            image: grafana/loki:3.7.8
            healthcheck: {test: ["CMD", "/usr/bin/loki", "-health", "-health.url=http://127.0.0.1:3100/ready"]}
          web:
            image: nginx:1.29.0
            healthcheck: {test: ["CMD", "/usr/bin/curl", "-f", "http://127.0.0.1/"]}
          app:
            build: ./app
            image: local/receiver:dev
            healthcheck: {test: ["CMD", "java", "-version"]}
        """);
    JsonNode facts = Stack.yaml("""
        images:
          grafana/grafana: {health: [/usr/bin/wget, -q, -O, /dev/null, "http://127.0.0.1:3000/api/health"]}
          prom/prometheus: {health: [/bin/promtool, check, ready, "--url=http://127.0.0.1:9090"]}
          jaegertracing/jaeger: {health: [/usr/bin/wget, -q, -O, /dev/null, "http://127.0.0.1:13133/status"]}
          grafana/loki: {health: [/usr/bin/loki, -health, "-health.url=http://127.0.0.1:3100/ready"]}
        """);
    assertThat(healthProblems(bad, facts)).containsExactly(
        "grafana: healthcheck runs [/usr/bin/wget, -q, -O, /dev/null, http://127.0.0.1:3000/api/healthz], but images.yaml's"
            + " health for grafana/grafana is [/usr/bin/wget, -q, -O, /dev/null, http://127.0.0.1:3000/api/health]",
        "prometheus: healthcheck runs [/bin/promtool, check, healthy, --url=http://127.0.0.1:9090], but images.yaml's"
            + " health for prom/prometheus is [/bin/promtool, check, ready, --url=http://127.0.0.1:9090]",
        "jaeger: healthcheck runs [/usr/bin/wget, -q, -O, /dev/null, http://127.0.0.1:13134/status], but images.yaml's"
            + " health for jaegertracing/jaeger is [/usr/bin/wget, -q, -O, /dev/null, http://127.0.0.1:13133/status]",
        "web: images.yaml gives nginx no health to hold its healthcheck to");
  }

  @Test
  void everyHealthcheckRunsAProgramItsImageContains() {
    List<String> problems = healthcheckProblems(Stack.composeBuildingTheReceiver());
    assertThat(problems).isEmpty();
  }

  /**
   * The programs compose healthchecks run that images.yaml does not list for the service's
   * image, by full path and exactly: a bare name would be found on the image's PATH, which no
   * fact here records.
   */
  static List<String> healthcheckProblems(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (local.contains(svc.path("image").asText())) {
        return; // the receiver's own image: DockerfileTest checks its probe
      }
      String image = svc.path("image").asText();
      JsonNode test = svc.path("healthcheck").path("test");
      String program = command(test).isEmpty() ? "" : command(test).get(0);
      List<String> programs = new ArrayList<>();
      FACTS.path("images").path(name(image)).path("programs").forEach(p -> programs.add(p.asText()));
      if (!programs.contains(program)) {
        problems.add(name + ": healthcheck runs " + program + ", which " + image + " does not contain (images.yaml: " + programs + ")");
      } else if (runsAShell(test) && !programs.contains("/bin/sh")) {
        problems.add(name + ": CMD-SHELL needs /bin/sh, which " + image + " does not contain");
      }
    });
    return problems;
  }

  @Test
  void aHealthcheckWithAProgramTheImageLacksIsCaught() {
    JsonNode bad = Stack.yaml("""
        services:
          loki:
            image: grafana/loki:3.7.8
            healthcheck: {test: ["CMD", "/busybox/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3100/ready"]}
          pyroscope:
            image: grafana/pyroscope:2.2.1
            healthcheck: {test: ["CMD-SHELL", "/usr/bin/profilecli ready --url=http://127.0.0.1:4040"]}
          jaeger:
            image: jaegertracing/jaeger:2.12.0
            healthcheck: {test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:13133/status"]}
          grafana:
            image: grafana/grafana:13.2.3
            healthcheck: {test: ["CMD", "/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/api/health"]}
          prometheus:
            image: prom/prometheus:v3.16.0
            healthcheck: {test: ["CMD", "/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9090/-/ready"]}
        """);
    // A bare wget no longer matches alpine's /usr/bin/wget, nor busybox's /bin/wget alpine's.
    assertThat(healthcheckProblems(bad)).containsExactly(
        "loki: healthcheck runs /busybox/wget, which grafana/loki:3.7.8 does not contain (images.yaml: [/usr/bin/loki])",
        "pyroscope: CMD-SHELL needs /bin/sh, which grafana/pyroscope:2.2.1 does not contain",
        "jaeger: healthcheck runs wget, which jaegertracing/jaeger:2.12.0 does not contain"
            + " (images.yaml: [/cmd/jaeger/jaeger-linux, /bin/sh, /usr/bin/wget])",
        "grafana: healthcheck runs /bin/wget, which grafana/grafana:13.2.3 does not contain"
            + " (images.yaml: [/run.sh, /bin/sh, /usr/bin/wget])");
  }

  // ---------------------------------------------------------------- users

  /** What only root may run in a RUN line: adding a user or a group. */
  private static final Pattern ROOT_ONLY = Pattern.compile("\\b(useradd|groupadd|adduser|addgroup)\\b");

  @Test
  void everyImagesUserIsOneTheDockerfileDependsOn() {
    assertThat(userProblems(dockerfile(), Stack.composeBuildingTheReceiver(), FACTS)).isEmpty();
  }

  /**
   * An image's `user` is a fact only where the repository depends on it: a stage of app/Dockerfile
   * that adds a user before a USER line of its own does so as its base's user, which must be
   * root. A `user` nothing depends on is reported too, since no test would see it change, and so
   * is a compose `user:`, which would make an image's UID matter where no fact records it.
   */
  static List<String> userProblems(String dockerfile, JsonNode compose, JsonNode facts) {
    List<String> problems = new ArrayList<>();
    StackChecks.services(compose).forEach((name, svc) -> {
      if (svc.has("user")) {
        problems.add(name + ": compose sets user " + svc.path("user").asText() + ", and images.yaml records no UID to hold it to");
      }
    });
    Set<String> dependedOn = new HashSet<>();
    for (String stage : dockerfile.replace("\\\n", " ").split("(?m)^(?=FROM\\s)")) {
      Matcher from = Pattern.compile("^FROM\\s+([^:\\s]+)").matcher(stage);
      if (!from.find()) {
        continue;
      }
      String image = from.group(1);
      Matcher run = Pattern.compile("(?m)^RUN\\s.*").matcher(stage.split("(?m)^USER\\s", 2)[0]);
      while (run.find()) {
        Matcher rootOnly = ROOT_ONLY.matcher(run.group());
        if (rootOnly.find()) {
          dependedOn.add(image);
          String user = facts.path("images").path(image).path("user").asText("");
          if (!user.equals("root") && !user.equals("0")) {
            problems.add("app/Dockerfile: the stage FROM " + image + " runs " + rootOnly.group(1) + ", which needs root, as "
                + (user.isEmpty() ? "a user images.yaml does not give" : "its base's user " + user + " (images.yaml)"));
          }
          break;
        }
      }
    }
    facts.path("images").fields().forEachRemaining(e -> {
      if (e.getValue().has("user") && !dependedOn.contains(e.getKey())) {
        problems.add("images.yaml: " + e.getKey() + "'s user " + e.getValue().path("user").asText()
            + " is held by nothing: no stage of app/Dockerfile adds a user on it");
      }
    });
    return problems;
  }

  @Test
  void aUserTheDockerfileCannotRunAsOrThatNothingHoldsIsCaught() {
    String dockerfile = """
        FROM maven:3.9.16-eclipse-temurin-21-noble AS build
        RUN mvn -q package
        FROM eclipse-temurin:21.0.12_8-jre-noble
        RUN groupadd --system app \\
          && useradd --system --gid app app
        USER app
        RUN useradd --system other
        FROM alpine:3.24.1
        RUN addgroup -S app
        """;
    JsonNode facts = Stack.yaml("""
        images:
          maven: {}
          eclipse-temurin: {user: ubuntu}
          alpine: {}
          grafana/grafana: {user: "472"}
        """);
    JsonNode compose = Stack.yaml("""
        services:
          grafana: {image: grafana/grafana:13.2.3, user: "1000"}
          loki: {image: grafana/loki:3.7.8}
        """);
    assertThat(userProblems(dockerfile, compose, facts)).containsExactly(
        "grafana: compose sets user 1000, and images.yaml records no UID to hold it to",
        "app/Dockerfile: the stage FROM eclipse-temurin runs groupadd, which needs root, as its base's user ubuntu (images.yaml)",
        "app/Dockerfile: the stage FROM alpine runs addgroup, which needs root, as a user images.yaml does not give",
        "images.yaml: grafana/grafana's user 472 is held by nothing: no stage of app/Dockerfile adds a user on it");
  }

  // ---------------------------------------------------------------- settings

  @Test
  void versionDependentSettingsHoldTheValuesTheFactsRequire() {
    assertThat(FACTS.path("settings").size()).as("images.yaml's settings (%d when this test was written)", SETTINGS)
        .isGreaterThanOrEqualTo(SETTINGS);
    for (JsonNode setting : FACTS.path("settings")) {
      assertThat(FACTS.path("images").has(setting.path("component").asText()))
          .as("setting %s: its component is an image images.yaml describes", setting.path("key").asText()).isTrue();
      JsonNode config = Stack.yaml(Stack.file(setting.path("in").asText()));
      JsonNode value = config;
      for (String key : setting.path("key").asText().split("\\.")) {
        value = value.isArray() && key.matches("\\d+") ? value.path(Integer.parseInt(key)) : value.path(key);
      }
      assertThat(value.asText()).as("%s: %s in %s (%s)", setting.path("component").asText(), setting.path("key").asText(),
          setting.path("in").asText(), setting.path("why").asText()).isEqualTo(setting.path("value").asText());
    }
  }

  @Test
  void jaegersConfigNamesOnlyComponentsItsBuildContains() {
    JsonNode components = FACTS.path("jaeger_components");
    assertThat(components.path("tag").asText()).isEqualTo(pins().get("jaegertracing/jaeger"));
    JsonNode config = Stack.yaml(Stack.file("jaeger/config.yaml"));
    for (String kind : List.of("extensions", "receivers", "processors", "exporters", "connectors")) {
      Set<String> available = new HashSet<>();
      components.path(kind).forEach(c -> available.add(c.asText()));
      config.path(kind).fieldNames().forEachRemaining(name ->
          assertThat(available).as("jaeger %s %s", kind, name).contains(name.split("/")[0]));
    }
  }

  /** Every VOLUME an image declares is a named volume in compose: none is left behind, anonymous, by `make down`. */
  @Test
  void everyVolumeAnImageDeclaresIsANamedVolume() {
    assertThat(volumeProblems(Stack.composeBuildingTheReceiver())).isEmpty();
  }

  static List<String> volumeProblems(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      String image = svc.path("image").asText();
      if (local.contains(image)) {
        return;
      }
      Set<String> named = new HashSet<>();
      for (JsonNode v : svc.path("volumes")) {
        String[] parts = v.asText().split(":");
        if (parts.length >= 2 && !parts[0].startsWith(".") && !parts[0].startsWith("/")) {
          named.add(parts[1]);
        }
      }
      FACTS.path("images").path(image.substring(0, image.lastIndexOf(':'))).path("volumes").forEach(declared -> {
        if (!named.contains(declared.asText())) {
          problems.add(name + ": " + image + " declares VOLUME " + declared.asText() + ", which compose leaves anonymous");
        }
      });
    });
    return problems;
  }

  @Test
  void anImageVolumeLeftAnonymousIsCaught() {
    JsonNode bad = Stack.yaml("""
        services:
          jaeger:
            image: jaegertracing/jaeger:2.12.0
            volumes: ["./jaeger:/etc/jaeger:ro"]
          pyroscope:
            image: grafana/pyroscope:2.2.1
            volumes: ["pyroscope-data:/data", "pyroscope-compactor:/data-compactor"]
        """);
    assertThat(volumeProblems(bad)).containsExactly(
        "jaeger: jaegertracing/jaeger:2.12.0 declares VOLUME /tmp, which compose leaves anonymous",
        "pyroscope: grafana/pyroscope:2.2.1 declares VOLUME /data-metastore, which compose leaves anonymous");
  }
}
