package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

  /**
   * No `# syntax=` line: BuildKit would resolve that frontend image on a registry at every build,
   * and fail offline (moby/buildkit#1784); the built-in frontend reads this file as it is.
   */
  @Test
  void buildsWithTheBuiltInFrontend() {
    assertThat(dockerfile).doesNotContainPattern("(?m)^#\\s*syntax\\s*=");
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
  void wiresBothAgentsFromTheMavenBuildInTheOrderThatLinksSpansToProfiles() throws IOException {
    List<String> agents = options("app/agents.args");
    assertThat(agents.stream().filter(o -> !o.startsWith("-Dpyroscope.")).toList()).containsExactly(
        "-javaagent:agents/pyroscope.jar",
        "-javaagent:agents/opentelemetry-javaagent.jar",
        "-Dotel.javaagent.extensions=agents/pyroscope-otel-extension.jar",
        "-Dotel.javaagent.configuration-file=agents/otel-agent.properties");
    // The build puts exactly these files into target/agents, which the image copies to /app/agents.
    String pom = Files.readString(Stack.file("app/pom.xml"));
    assertThat(pom).contains("<destFileName>pyroscope.jar</destFileName>",
        "<destFileName>opentelemetry-javaagent.jar</destFileName>",
        "<destFileName>pyroscope-otel-extension.jar</destFileName>",
        "<include>otel-agent.properties</include>");
    assertThat(Stack.file("app/otel-agent.properties")).exists();
    assertThat(dockerfile).contains("COPY otel-agent.properties ./",
        "COPY --from=build /src/target/agents/ /app/agents/");
    // No download at image build beyond Maven.
    assertThat(dockerfile).doesNotContainPattern("(?i)\\b(curl|wget|apt-get|apk add)\\b");
  }

  @Test
  void startsWithTheSameJvmOptionsAndAgentsAsMakeRun() throws IOException {
    // agents.args's paths are relative: the image runs java in /app, make run in app/target.
    assertThat(dockerfile).contains("WORKDIR /app\n", "COPY jvm.args agents.args /app/",
        "ENTRYPOINT [\"java\", \"@/app/jvm.args\", \"@/app/agents.args\", \"-jar\", \"/app/receiver.jar\"]");
    assertThat(Files.readString(Stack.file("Makefile")))
        .contains("cd $(dir $(APP_JAR)) && java @../jvm.args @../agents.args -jar receiver.jar");
    assertThat(options("app/jvm.args")).allMatch(line -> line.startsWith("-XX:"), "JVM options only, one per line");
  }

  /**
   * What the profiler records is written once, in agents.args, so that `make run` records what
   * the stack does (the drills' hints point at allocation and lock profiles); compose and the
   * Makefile say only where it sends.
   */
  @Test
  void theProfilersSettingsAreInAgentsArgsAndOnlyItsAddressIsSetElsewhere() throws IOException {
    assertThat(options("app/agents.args")).contains("-Dpyroscope.format=jfr", "-Dpyroscope.profiler.alloc=512k",
        "-Dpyroscope.profiler.lock=10ms", "-Dpyroscope.labels=service_name=receiver", "-Dpyroscope.application.name=receiver");
    List<String> composeSets = new java.util.ArrayList<>();
    Stack.yaml(Stack.file("docker-compose.yml")).path("services").path("app").path("environment").fieldNames()
        .forEachRemaining(composeSets::add);
    assertThat(composeSets.stream().filter(k -> k.startsWith("PYROSCOPE_"))).containsExactly("PYROSCOPE_SERVER_ADDRESS");
    assertThat(Files.readString(Stack.file("Makefile")).lines().filter(l -> l.contains("PYROSCOPE_") && l.startsWith("export")))
        .singleElement().asString().startsWith("export PYROSCOPE_SERVER_ADDRESS");
  }

  @Test
  void composeRunsTheAppWithTheImagesEntrypointAndWorkingDirectory() {
    // The agents come with the entrypoint, and agents.args's paths hold only in WORKDIR /app.
    JsonNode app = Stack.yaml(Stack.file("docker-compose.yml")).path("services").path("app");
    assertThat(app.has("entrypoint")).as("app overrides the entrypoint").isFalse();
    assertThat(app.has("working_dir")).as("app overrides the working directory").isFalse();
    assertThat(app.path("environment").has("JAVA_TOOL_OPTIONS")).as("app sets JAVA_TOOL_OPTIONS").isFalse();
  }

  @Test
  void theAgentsCommandLineIsWrittenInAgentsArgsOnly() throws IOException {
    List<String> elsewhere;
    try (Stream<Path> walk = Files.walk(Stack.root())) {
      elsewhere = walk.filter(Files::isRegularFile)
          // Build output quotes sources: slides/build/ shows agents.args on a slide, by its region.
          .filter(p -> Stream.of("target", "build", ".git", "node_modules").noneMatch(d -> p.toString().contains("/" + d + "/")))
          .filter(p -> !p.endsWith("app/agents.args") && !p.endsWith("DockerfileTest.java"))
          .filter(p -> read(p).contains("-javaagent:"))
          .map(p -> Stack.root().relativize(p).toString())
          .toList();
    }
    assertThat(elsewhere).as("files that spell out an agent instead of using app/agents.args").isEmpty();
    assertThat(Files.readString(Stack.file("scripts/bench-load.sh"))).contains("@../agents.args");
    assertThat(Files.readString(Stack.file("app/src/test/java/dev/o11y/support/ReceiverProcess.java")))
        .contains("System.getProperty(\"agents.args\"");
  }

  @Test
  void hasAHealthcheckOnReadinessThatSkipsTheAgents() {
    assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*");
    assertThat(dockerfile).contains(
        "CMD [\"java\", \"-XX:TieredStopAtLevel=1\", \"-cp\", \"/app/receiver.jar\", \"dev.o11y.admin.HealthProbe\", \"http://127.0.0.1:8081/-/ready\"]");
    // Agents only through the entrypoint: an environment variable would load them into the probe too.
    assertThat(dockerfile).doesNotContain("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
  }

  /** The options of a java argument file: one per line, without comments and blank lines. */
  private static List<String> options(String argFile) throws IOException {
    return Files.readAllLines(Stack.file(argFile)).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return ""; // not text: cannot hold a command line
    }
  }
}
