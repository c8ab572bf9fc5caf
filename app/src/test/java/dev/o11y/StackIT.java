package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.o11y.doctor.ChainDoctor;
import dev.o11y.doctor.CheckLinks;
import dev.o11y.doctor.Grafana;
import dev.o11y.doctor.GrafanaBackend;
import dev.o11y.doctor.Hop;
import dev.o11y.doctor.HopResult;
import dev.o11y.doctor.LinkQuery;
import dev.o11y.doctor.Provisioning;
import dev.o11y.doctor.Window;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Waits;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The real docker-compose.yml, started with Testcontainers (`make it`), walked the way a
 * person walks it in Grafana, by the chain doctor that `make check-links` runs
 * ({@link ChainDoctor}): each hop's link is rendered from the provisioning exactly as in
 * NativeStackIT and DoctorIT and sent through Grafana's own /api/ds/query, the path the UI
 * uses. Without a Docker engine it is skipped, and with CI=true it fails: it is never reported
 * as passed without having run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class StackIT {

  private static final List<String> SERVICES = List.of("app", "loadgen", "prometheus", "loki", "jaeger", "pyroscope", "grafana");
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Host ports of their own, so `make it` does not collide with a running `make up`. */
  private static final Map<String, String> PORTS = Map.of(
      "RECEIVER_PORT", "28080", "RECEIVER_ADMIN_PORT", "28081", "PROMETHEUS_PORT", "29090",
      "LOKI_PORT", "23100", "JAEGER_UI_PORT", "26686", "JAEGER_OTLP_GRPC_PORT", "24317",
      "JAEGER_OTLP_HTTP_PORT", "24318", "PYROSCOPE_PORT", "24040", "GRAFANA_PORT", "23000");

  private ComposeContainer stack;
  private CheckLinks.Checked walk;
  private String printed = "";

  @BeforeAll
  void startTheStack() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      String reason = "no Docker engine: StackIT needs one to start docker-compose.yml";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(reason + " (CI=true: a skipped stack test would pass for nothing)");
      }
      Assumptions.abort(reason);
    }
    // The receiver built from this commit's app/ (compose.build.yaml, as `make up BUILD=1`), not
    // the published release.
    stack = new ComposeContainer("stackit", new File(StackFiles.root().toFile(), "docker-compose.yml"),
        new File(StackFiles.root().toFile(), "compose.build.yaml"))
        // Compose builds the receiver image (withBuild) and pulls the rest itself; Testcontainers'
        // own pre-pull would ignore pull_policy and ask a registry for the local image.
        .withBuild(true).withPull(false).withEnv(PORTS).withStartupTimeout(Duration.ofMinutes(8));
    for (String service : SERVICES) {
      stack = stack.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(8)));
    }
    stack.start();
    // The load generator's requests would crowd out ours among the exemplars.
    container("loadgen").ifPresent(c -> DockerClientFactory.instance().client().stopContainerCmd(c.getContainerId()).exec());
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      saveLogs();
      stack.stop();
    }
  }

  /** Where each container's log goes; CI's it job uploads the folder when the job fails. */
  static final Path LOGS = Path.of("target", "stackit-logs");

  /**
   * Every container of the run, its whole log, into {@link #LOGS}/SERVICE.log, before `down`
   * removes them: also when the stack never became healthy (JUnit runs this after a failed
   * start too), which is when the logs are needed most.
   */
  private static void saveLogs() {
    try {
      Files.createDirectories(LOGS);
      DockerClient docker = DockerClientFactory.instance().client();
      for (Container c : docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(List.of("com.docker.compose.project")).exec()) {
        Map<String, String> labels = c.getLabels();
        if (!labels.getOrDefault("com.docker.compose.project", "").startsWith("stackit")) {
          continue;
        }
        Path file = LOGS.resolve(labels.getOrDefault("com.docker.compose.service", c.getId()) + ".log");
        try (OutputStream out = Files.newOutputStream(file)) {
          docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withTimestamps(true)
              .exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  try {
                    out.write(frame.getPayload());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
              }).awaitCompletion(1, TimeUnit.MINUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(1)
  void everyServiceIsHealthyAndSoIsEveryDatasource() {
    for (String service : List.of("app", "prometheus", "loki", "jaeger", "pyroscope", "grafana")) {
      ContainerState c = container(service).orElseThrow(() -> new AssertionError("no container for " + service));
      assertThat(c.getCurrentContainerInfo().getState().getHealth().getStatus()).as(service).isEqualTo("healthy");
    }
    for (JsonNode datasource : Grafana.datasources()) {
      String uid = datasource.path("uid").asText();
      Waits.until("Grafana's health check of datasource " + uid, PATIENCE, () ->
          get(grafana("/api/datasources/uid/" + uid + "/health")).filter(h -> h.path("status").asText().equals("OK")));
    }
  }

  @Test
  @Order(2)
  void anExemplarLinkOpensItsTraceThroughGrafana() {
    assertTicked(Hop.METRIC_TO_EXEMPLAR, Hop.EXEMPLAR_TO_TRACE);
  }

  @Test
  @Order(3)
  void theSpanLinksToItsLogsAndItsMetricsAndTheLogLinkLeadsBack() {
    assertTicked(Hop.TRACE_TO_LOGS, Hop.LOG_TO_TRACE, Hop.SPAN_TO_METRICS);
  }

  @Test
  @Order(4)
  void theRootSpanOfASlowRequestLinksToItsCpuProfile() {
    assertTicked(Hop.SPAN_TO_PROFILE);
  }

  @Test
  @Order(5)
  void theFlameGraphLinksToTheLogsAndTracesOfItsTimeRange() {
    assertTicked(Hop.PROFILE_TO_LOGS_AND_TRACES);
  }

  @Test
  @Order(6)
  void makeCheckLinksPrintsATickPerHopAndExitsZero() {
    CheckLinks.Checked checked = walk();
    assertThat(checked.exitCode()).as(printed).isZero();
    assertThat(printed.lines().filter(l -> l.startsWith("✓ "))).as(printed).hasSize(Hop.values().length);
    assertThat(printed.lines().reduce((first, last) -> last)).as("the last line")
        .hasValue(Hop.values().length + " ✓: the walk works.");
  }

  /**
   * Every profile panel of the dashboards (where the CPU went, allocations, lock contention)
   * answers through Grafana; the CPU and allocation ones show the receiver's samples.
   */
  @Test
  @Order(7)
  void everyProfilePanelAnswersThroughGrafana() {
    walk(); // the doctor's slow request leaves CPU and allocation samples behind
    List<Grafana.Panel> profiles = Grafana.panels().stream()
        .filter(p -> p.json().path("type").asText().equals("flamegraph")).toList();
    assertThat(profiles).hasSizeGreaterThanOrEqualTo(3);
    GrafanaBackend grafana = new GrafanaBackend(URI.create(grafana("")));
    for (Grafana.Panel panel : profiles) {
      for (JsonNode target : panel.targets()) {
        LinkQuery query = new LinkQuery("pyroscope", "grafana-pyroscope-datasource", target, Window.last(Duration.ofMinutes(15)));
        String type = target.path("profileTypeId").asText();
        if (type.startsWith("process_cpu:") || type.startsWith("memory:")) {
          Waits.until(panel.where() + " to show samples", PATIENCE, () ->
              Optional.of(grafana.profileTotal(query)).filter(a -> !a.failed() && a.value() > 0));
        } else {
          assertThat(grafana.profileTotal(query).failed()).as(panel.where() + ": " + grafana.profileTotal(query).error()).isFalse();
        }
      }
    }
  }

  // ---- helpers ----

  /**
   * The doctor's walk through this stack's Grafana, once for all the tests: what `make
   * check-links` runs, with this stack's ports. The stack is quiet (no load generator), so the
   * doctor's request is the one whose exemplar Prometheus keeps.
   */
  private CheckLinks.Checked walk() {
    if (walk == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CheckLinks.Settings settings = new CheckLinks.Settings(new GrafanaBackend(URI.create(grafana(""))),
          URI.create(local("RECEIVER_PORT", "")),
          URI.create(admin("")), PATIENCE);
      walk = CheckLinks.check(settings, Provisioning.ofTheRepository(), new PrintStream(out, true, StandardCharsets.UTF_8));
      printed = out.toString(StandardCharsets.UTF_8);
      System.out.print(printed);
    }
    return walk;
  }

  private void assertTicked(Hop... hops) {
    List<HopResult> results = walk().results();
    for (Hop hop : hops) {
      HopResult result = results.stream().filter(r -> r.hop() == hop).findFirst()
          .orElseThrow(() -> new AssertionError("the doctor did not walk " + hop.title() + ":\n" + printed));
      assertThat(result.outcome()).as(result.line()).isEqualTo(HopResult.Outcome.TICK);
    }
  }

  private Optional<JsonNode> get(String url) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
    return response.statusCode() == 200 ? Optional.of(parse(response.body())) : Optional.empty();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String local(String portVariable, String path) {
    return "http://127.0.0.1:" + PORTS.get(portVariable) + path;
  }

  private static String grafana(String path) {
    return local("GRAFANA_PORT", path);
  }

  private static String admin(String path) {
    return local("RECEIVER_ADMIN_PORT", path);
  }

  private Optional<ContainerState> container(String service) {
    Optional<ContainerState> c = stack.getContainerByServiceName(service + "-1");
    return c.isPresent() ? c : stack.getContainerByServiceName(service);
  }
}
