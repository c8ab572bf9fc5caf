package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
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
 * healthchecks run, and the settings whose meaning depends on the version.
 */
class ImageFactsTest {

  private static final JsonNode FACTS = facts();

  private static JsonNode facts() {
    try (InputStream in = ImageFactsTest.class.getResourceAsStream("/images.yaml")) {
      return Stack.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every image the stack pins, name to tag: compose's services and the Dockerfile's FROM lines. */
  static Map<String, String> pins() {
    Map<String, String> pins = new TreeMap<>();
    JsonNode compose = Stack.yaml(Stack.file("docker-compose.yml"));
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (!local.contains(svc.path("image").asText())) {
        String image = svc.path("image").asText();
        pins.put(image.substring(0, image.lastIndexOf(':')), image.substring(image.lastIndexOf(':') + 1));
      }
    });
    try {
      Matcher from = Pattern.compile("(?m)^FROM\\s+([^:\\s]+):(\\S+)").matcher(Files.readString(Stack.file("app/Dockerfile")));
      while (from.find()) {
        pins.put(from.group(1), from.group(2));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pins;
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
      for (String field : List.of("base", "user", "health")) {
        assertThat(facts.path(field).asText()).as("%s: %s", image, field).isNotBlank();
      }
    });
  }

  @Test
  void everyHealthcheckRunsAProgramItsImageContains() {
    List<String> problems = healthcheckProblems(Stack.yaml(Stack.file("docker-compose.yml")));
    assertThat(problems).isEmpty();
  }

  /** The programs compose healthchecks run that images.yaml does not list for the service's image. */
  static List<String> healthcheckProblems(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      if (local.contains(svc.path("image").asText())) {
        return; // the receiver's own image: DockerfileTest checks its probe
      }
      String image = svc.path("image").asText();
      JsonNode test = svc.path("healthcheck").path("test");
      String program = test.path(0).asText().equals("CMD-SHELL") ? test.path(1).asText().split("\\s+")[0] : test.path(1).asText();
      List<String> programs = new ArrayList<>();
      FACTS.path("images").path(image.substring(0, image.lastIndexOf(':'))).path("programs").forEach(p -> programs.add(p.asText()));
      boolean listed = programs.stream().anyMatch(p -> p.equals(program)
          || (!program.contains("/") && p.endsWith("/" + program)) || (!p.contains("/") && program.endsWith("/" + p)));
      if (!listed) {
        problems.add(name + ": healthcheck runs " + program + ", which " + image + " does not contain (images.yaml: " + programs + ")");
      } else if (test.path(0).asText().equals("CMD-SHELL") && !programs.contains("/bin/sh")) {
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
            healthcheck: {test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:4040/ready"]}
          jaeger:
            image: jaegertracing/jaeger:2.12.0
            healthcheck: {test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:13133/status"]}
        """);
    assertThat(healthcheckProblems(bad)).hasSize(2)
        .anyMatch(p -> p.startsWith("loki: healthcheck runs /busybox/wget"))
        .anyMatch(p -> p.startsWith("pyroscope: healthcheck runs wget"));
  }

  @Test
  void versionDependentSettingsHoldTheValuesTheFactsRequire() {
    for (JsonNode setting : FACTS.path("settings")) {
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
}
