package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `make check-links` runs the chain doctor that the receiver image carries, inside the stack:
 * a one-off container of a service that runs that image without building it, the image's
 * java in place of the receiver's entrypoint, the jar where the Dockerfile puts it, Grafana
 * and the receiver by their compose service names and container ports, and the repository
 * mounted read-only as its working directory. Nothing of it runs on the host but docker.
 */
class CheckLinksTargetTest {

  private static final String MAIN_CLASS = "dev.o11y.doctor.CheckLinks";
  /** docker compose run's options that take a value (docker/compose v5 cmd/compose/run.go). */
  private static final Set<String> WITH_VALUE = Set.of("--entrypoint", "--volume", "-v", "--workdir", "-w", "--name",
      "--env", "-e", "--env-from-file", "--user", "-u", "--label", "-l", "--publish", "-p", "--pull", "--cap-add",
      "--cap-drop");

  /** One `docker compose run`: its options (flags map to ""), its service and the command it gives the container. */
  record ComposeRun(Map<String, List<String>> options, String service, List<String> command) {}

  static List<List<String>> recipe;
  static ComposeRun run;
  static JsonNode compose;
  static String dockerfile;

  @BeforeAll
  static void read() {
    recipe = ShellCommands.of(Stack.dryRun("check-links"));
    List<ComposeRun> runs = recipe.stream().filter(c -> c.size() > 2 && c.subList(0, 3).equals(List.of("docker", "compose", "run")))
        .map(c -> composeRun(c.subList(3, c.size()))).toList();
    assertThat(runs).as("make check-links runs one `docker compose run`: %s", recipe).hasSize(1);
    run = runs.get(0);
    // As built from source, the stricter case: the published image needs no pull once `make up`
    // has it, and built, `run` must not rebuild it (compose.build.yaml gives loadgen pull_policy never).
    compose = Stack.composeBuildingTheReceiver();
    dockerfile = DocsTest.read(Stack.file("app/Dockerfile"));
  }

  @Test
  void needsNoJdkOrMavenOnTheHostOnlyDocker() {
    assertThat(recipe).allSatisfy(command -> assertThat(command).as("a command of check-links").doesNotContain("mvn"));
    assertThat(recipe).extracting(c -> c.get(0)).as("the programs check-links runs on the host")
        .containsOnly("docker", "test", "echo", "exit");
    assertThat(run.options()).containsEntry("--entrypoint", List.of("java"));
  }

  @Test
  void runsAOneOffContainerOfTheReceiverImageWithoutBuildingItOrPublishingPorts() {
    assertThat(run.options()).containsKeys("--rm", "--no-deps")
        .doesNotContainKeys("--service-ports", "-P", "--publish", "-p", "--build");
    JsonNode service = compose.path("services").path(run.service());
    assertThat(service.isObject()).as("%s is a compose service", run.service()).isTrue();
    assertThat(service.path("image").asText()).as("the image %s runs", run.service()).isEqualTo(receiverImage());
    // `run` builds a service whose pull_policy is build, every time: that needs the registry, offline too.
    assertThat(service.path("pull_policy").asText()).as("%s's pull_policy", run.service()).isEqualTo("never");
  }

  @Test
  void theImagesJavaRunsTheDoctorFromTheJarWhereTheDockerfilePutsIt() {
    Matcher copied = Pattern.compile("(?m)^COPY --from=build /src/target/receiver\\.jar (\\S+)$").matcher(dockerfile);
    assertThat(copied.find()).as("app/Dockerfile copies receiver.jar into the image").isTrue();
    String jar = copied.group(1);
    assertThat(dockerfile).contains("\"-jar\", \"" + jar + "\"");
    assertThat(run.command()).as("the container's command after java").startsWith("-cp", jar, MAIN_CLASS);
    // Main code, so that `mvn package` in the Dockerfile shades it into receiver.jar.
    assertThat(Stack.file("app/src/main/java/" + MAIN_CLASS.replace('.', '/') + ".java")).isRegularFile();
  }

  @Test
  void theDoctorReachesGrafanaAndTheReceiverByServiceNameOnTheirContainerPorts() {
    Map<String, URI> urls = new HashMap<>();
    for (String arg : run.command().subList(3, run.command().size())) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      urls.put(kv[0], URI.create(kv[1]));
    }
    assertThat(urls).containsOnlyKeys("grafana", "receiver", "admin");
    String receiverService = servicesBuilding(receiverImage());
    assertThat(urls.get("grafana").getHost()).as("--grafana's host").isEqualTo(serviceRunning("grafana/grafana:"));
    assertThat(urls.get("receiver").getHost()).as("--receiver's host").isEqualTo(receiverService);
    assertThat(urls.get("admin").getHost()).as("--admin's host").isEqualTo(receiverService);

    int admin = adminPort();
    assertThat(urls.get("admin").getPort()).as("the receiver's internal port (RECEIVER_INTERNAL_LISTEN_ADDRESS)").isEqualTo(admin);
    Set<Integer> receiverPorts = containerPorts(receiverService);
    receiverPorts.remove(admin);
    assertThat(receiverPorts).as("the receiver's remote-write port").containsExactly(urls.get("receiver").getPort());
    assertThat(containerPorts("grafana")).containsExactly(urls.get("grafana").getPort());
  }

  @Test
  void theDoctorRendersTheLinksFromTheRepositoryItIsRunFrom() throws IOException {
    String workdir = run.options().get("--workdir").get(0);
    assertThat(run.options().get("--volume")).as("make's directory, read-only, as the working directory")
        .contains(Stack.root().toRealPath() + ":" + workdir + ":ro");
  }

  /** The options, service and command of `docker compose run ...`, read as compose reads them. */
  static ComposeRun composeRun(List<String> args) {
    Map<String, List<String>> options = new HashMap<>();
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String[] option = args.get(i).split("=", 2);
      String value = option.length == 2 ? option[1] : WITH_VALUE.contains(option[0]) ? args.get(++i) : "";
      options.computeIfAbsent(option[0], k -> new ArrayList<>()).add(value);
      i++;
    }
    return new ComposeRun(options, args.get(i), args.subList(i + 1, args.size()));
  }

  /** The image app builds, which every other service of the receiver runs. */
  private static String receiverImage() {
    return compose.path("services").path(servicesBuilding(null)).path("image").asText();
  }

  /** The one service with a build: section (of that image, when given). */
  private static String servicesBuilding(String image) {
    List<String> building = new ArrayList<>();
    compose.path("services").fields().forEachRemaining(s -> {
      if (s.getValue().has("build") && (image == null || s.getValue().path("image").asText().equals(image))) {
        building.add(s.getKey());
      }
    });
    assertThat(building).as("services that build %s", image == null ? "an image" : image).hasSize(1);
    return building.get(0);
  }

  private static String serviceRunning(String imagePrefix) {
    List<String> running = new ArrayList<>();
    compose.path("services").fields().forEachRemaining(s -> {
      if (s.getValue().path("image").asText().startsWith(imagePrefix)) {
        running.add(s.getKey());
      }
    });
    assertThat(running).as("services running %s*", imagePrefix).hasSize(1);
    return running.get(0);
  }

  /** The container side of a service's published ports ("127.0.0.1:${X:-13000}:3000" gives 3000). */
  private static Set<Integer> containerPorts(String service) {
    Set<Integer> ports = new TreeSet<>();
    for (JsonNode port : compose.path("services").path(service).path("ports")) {
      String mapping = port.asText();
      ports.add(Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).replaceFirst("/.*", "")));
    }
    return ports;
  }

  /** The receiver's internal port in the image: RECEIVER_INTERNAL_LISTEN_ADDRESS=:8081. */
  private static int adminPort() {
    Matcher m = Pattern.compile("RECEIVER_INTERNAL_LISTEN_ADDRESS=:(\\d+)").matcher(dockerfile);
    assertThat(m.find()).as("app/Dockerfile sets RECEIVER_INTERNAL_LISTEN_ADDRESS").isTrue();
    return Integer.parseInt(m.group(1));
  }
}
