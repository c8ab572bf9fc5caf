package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of app/Dockerfile without a Docker engine: pinned official bases, a
 * non-root runtime, agents from the Maven build wired in the right order, a healthcheck.
 * Building it is the `it` job's business (make it).
 */
class DockerfileTest {

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(\\s+AS\\s+\\S+)?\\s*$");

  private final String dockerfile = read();

  private static String read() {
    try {
      return Files.readString(Stack.file("app/Dockerfile"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void buildsWithMavenAndRunsOnAPinnedJre21() {
    List<String> bases = FROM.matcher(dockerfile).results().map(m -> m.group(1)).toList();
    assertThat(bases).hasSize(2);
    assertThat(bases.get(0)).matches("maven:\\d+\\.\\d+\\.\\d+-eclipse-temurin-21-noble");
    assertThat(bases.get(1)).matches("eclipse-temurin:21\\.\\d+\\.\\d+_\\d+-jre-noble");
    assertThat(dockerfile).doesNotContain(":latest");
  }

  @Test
  void runsAsANonRootUser() {
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
    assertThat(user.find()).isTrue();
    assertThat(user.group(1)).isNotIn("root", "0");
  }

  @Test
  void wiresBothAgentsFromTheMavenBuildInTheOrderThatLinksSpansToProfiles() {
    assertThat(dockerfile).contains("COPY --from=build /src/target/agents/ /app/agents/");
    Matcher options = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]+)\"").matcher(dockerfile);
    assertThat(options.find()).isTrue();
    String agents = options.group(1);
    assertThat(agents.indexOf("-javaagent:/app/agents/pyroscope.jar"))
        .isNotNegative()
        .isLessThan(agents.indexOf("-javaagent:/app/agents/opentelemetry-javaagent.jar"));
    assertThat(agents).contains("-Dotel.javaagent.extensions=/app/agents/pyroscope-otel-extension.jar",
        "-Dotel.javaagent.configuration-file=/app/agents/otel-agent.properties");
    assertThat(Stack.file("app/otel-agent.properties")).exists();
    // No download at image build beyond Maven.
    assertThat(dockerfile).doesNotContainPattern("(?i)\\b(curl|wget|apt-get|apk add)\\b");
  }

  @Test
  void startsWithTheSameJvmOptionsAsMakeRun() throws IOException {
    assertThat(dockerfile).contains("COPY jvm.args /app/",
        "ENTRYPOINT [\"java\", \"@/app/jvm.args\", \"-jar\", \"/app/receiver.jar\"]");
    assertThat(Files.readString(Stack.file("Makefile"))).contains("java @app/jvm.args");
    assertThat(Files.readAllLines(Stack.file("app/jvm.args")))
        .filteredOn(line -> !line.isBlank() && !line.startsWith("#"))
        .allMatch(line -> line.startsWith("-XX:"), "JVM options only, one per line");
  }

  @Test
  void hasAHealthcheckOnReadinessThatSkipsTheAgents() {
    assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*");
    assertThat(dockerfile).contains("JAVA_TOOL_OPTIONS= exec java", "dev.o11y.admin.HealthProbe",
        "http://127.0.0.1:8081/-/ready");
  }
}
