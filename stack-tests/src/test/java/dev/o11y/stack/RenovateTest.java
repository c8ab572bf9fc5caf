package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * renovate.json's custom managers, compiled here and applied to the files they read: every
 * `# renovate:` comment of scripts/native-tools.sh gives a dependency with its datasource, name
 * and current version, and the receiver's tag is found wherever it is written. Renovate's regex
 * engine (RE2, ECMAScript syntax) reads these patterns as Java does: named groups, no lookaround.
 */
class RenovateTest {

  static final JsonNode RENOVATE = read();

  private static JsonNode read() {
    try {
      return Stack.JSON.readTree(Files.readString(Stack.file("renovate.json")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Dependency(String datasource, String depName, String currentValue) {}

  /** The custom manager whose managerFilePatterns match {@code path}. */
  static JsonNode managerOf(String path) {
    for (JsonNode manager : RENOVATE.path("customManagers")) {
      for (JsonNode pattern : manager.path("managerFilePatterns")) {
        String regex = pattern.asText().replaceAll("^/|/$", "");
        if (Pattern.compile(regex).matcher(path).find()) {
          return manager;
        }
      }
    }
    throw new AssertionError("no custom manager in renovate.json reads " + path);
  }

  /** What a regex manager extracts from {@code text}: each match of each matchString, templates filling what it leaves out. */
  static List<Dependency> extract(JsonNode manager, String text) {
    List<Dependency> found = new ArrayList<>();
    for (JsonNode matchString : manager.path("matchStrings")) {
      Pattern pattern = Pattern.compile(matchString.asText());
      Matcher m = pattern.matcher(text);
      java.util.function.Predicate<String> groups = name -> matchString.asText().contains("(?<" + name + ">");
      while (m.find()) {
        found.add(new Dependency(
            groups.test("datasource") ? m.group("datasource") : manager.path("datasourceTemplate").asText(null),
            groups.test("depName") ? m.group("depName") : manager.path("depNameTemplate").asText(null),
            m.group("currentValue")));
      }
    }
    return found;
  }

  static int renovateComments(String text) {
    return (int) text.lines().filter(l -> l.strip().startsWith("# renovate:")).count();
  }

  @Test
  void everyRenovateCommentOfTheNativeToolsGivesADependencyAtItsPinnedVersion() throws IOException {
    assertThat(RENOVATE.path("enabledManagers").toString()).contains("\"custom.regex\"");
    String script = Files.readString(Stack.file("scripts/native-tools.sh"));
    List<Dependency> deps = extract(managerOf("scripts/native-tools.sh"), script);
    assertThat(renovateComments(script)).isGreaterThanOrEqualTo(2);
    assertThat(deps).hasSize(renovateComments(script));
    Map<String, String> pinned = new LinkedHashMap<>();
    Stack.run(List.of("bash", "scripts/native-tools.sh", "--versions")).output().lines()
        .map(l -> l.split(" ")).forEach(w -> pinned.put(w[0], w[1]));
    for (Dependency dep : deps) {
      assertThat(dep.datasource()).isEqualTo("go");
      assertThat(dep.depName()).startsWith("github.com/");
      assertThat(pinned).containsValue(dep.currentValue());
    }
    assertThat(deps).extracting(Dependency::depName)
        .contains("github.com/docker/compose/v5", "github.com/rhysd/actionlint", "github.com/VictoriaMetrics/VictoriaMetrics");
  }

  @Test
  void aRenovateCommentTheRegexDoesNotReadIsCaught() {
    String script = """
        # renovate: datasource=go depName=github.com/a/b
        A_VERSION=v1.2.3
        # renovate: datasource=go depName=github.com/c/d
        B_VERSION="v4.5.6"
        # renovate: datasource=go depName=github.com/e/f

        C_VERSION=v7.8.9
        """;
    List<Dependency> deps = extract(managerOf("scripts/native-tools.sh"), script);
    assertThat(deps).containsExactly(new Dependency("go", "github.com/a/b", "v1.2.3"));
    assertThat(renovateComments(script)).isEqualTo(3);
  }

  @Test
  void theReceiverTagIsFoundWhereverItIsWrittenAsTheImageComposeRuns() throws IOException {
    JsonNode manager = managerOf("docker-compose.yml");
    assertThat(managerOf(".env.example")).isSameAs(manager);
    List<Dependency> deps = new ArrayList<>(extract(manager, Files.readString(Stack.file("docker-compose.yml"))));
    assertThat(deps).as("app and loadgen").hasSize(2);
    deps.addAll(extract(manager, Files.readString(Stack.file(".env.example"))));
    assertThat(deps).hasSize(3);
    assertThat(new java.util.HashSet<>(deps)).hasSize(1);
    String image = Stack.yaml(Stack.file("docker-compose.yml")).path("services").path("app").path("image").asText();
    Dependency dep = deps.get(0);
    assertThat(dep.datasource()).isEqualTo("docker");
    assertThat(image).isEqualTo(dep.depName() + ":${RECEIVER_TAG:-" + dep.currentValue() + "}");
  }

  @Test
  void theComplianceSuitesMisspeltModuleIsNotLookedUp() throws IOException {
    String required = Files.readString(Stack.file("scripts/compliance/go.mod")).lines()
        .filter(l -> l.startsWith("require ")).findFirst().orElseThrow().split(" ")[1];
    assertThat(required).contains("complicance");
    boolean off = false;
    for (JsonNode rule : RENOVATE.path("packageRules")) {
      if (rule.path("matchPackageNames").toString().contains("\"" + required + "\"")) {
        off = !rule.path("enabled").asBoolean(true);
      }
    }
    assertThat(off).as(required + " disabled in renovate.json's packageRules").isTrue();
  }
}
