package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each memory limit of docker-compose.yml against what it rests on
 * (src/test/resources/memory.yaml): a peak measured by `make footprint` where the program runs
 * here, a cited figure where it cannot. The README's Docker memory follows from their sum.
 */
class MemoryLimitsTest {

  private static final JsonNode FACTS = facts();
  private static final JsonNode COMPOSE = Stack.yaml(Stack.file("docker-compose.yml"));
  private static final long MIB = 1024 * 1024;

  /**
   * The services whose program is written in Go, named here rather than in memory.yaml: a flag
   * the file could drop would take its service out of the GOMEMLIMIT check without a word.
   */
  static final Set<String> GO_SERVICES = Set.of("prometheus", "jaeger", "loki", "pyroscope", "grafana");

  /** The services that run a JVM (the receiver's image): their heap follows mem_limit instead. */
  static final Set<String> JVM_SERVICES = Set.of("app", "loadgen");

  private static JsonNode facts() {
    try (InputStream in = MemoryLimitsTest.class.getResourceAsStream("/memory.yaml")) {
      return Stack.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyServiceHasAPeakThatSaysWhereItComesFrom() {
    Set<String> described = new HashSet<>();
    FACTS.path("services").fieldNames().forEachRemaining(described::add);
    assertThat(described).isEqualTo(StackChecks.services(COMPOSE).keySet());
    FACTS.path("services").fields().forEachRemaining(e -> {
      JsonNode fact = e.getValue();
      assertThat(fact.path("peak_mib").asLong()).as("%s: peak_mib", e.getKey()).isPositive();
      long kinds = SOURCE_KINDS.stream().filter(fact::has).count();
      assertThat(kinds).as("%s: exactly one of %s", e.getKey(), SOURCE_KINDS).isEqualTo(1);
      String source = SOURCE_KINDS.stream().filter(fact::has).findFirst().map(k -> fact.path(k).asText()).orElse("");
      assertThat(source).as("%s: its source", e.getKey()).isNotBlank();
      // Nothing else: a field no test reads (a `go: false`, say) would look like a fact that counts.
      Set<String> fields = new HashSet<>();
      fact.fieldNames().forEachRemaining(fields::add);
      Set<String> allowed = new HashSet<>(Set.of("peak_mib", "measured", "cited"));
      if (fact.has("estimated")) {
        allowed.add("estimated");
        allowed.addAll(ESTIMATE_PARTS);
      }
      assertThat(fields).as("%s: the fields MemoryLimitsTest reads", e.getKey()).isSubsetOf(allowed);
    });
    assertThat(estimateProblems(FACTS)).isEmpty();
  }

  /**
   * Grafana 13.2 runs each backend datasource it has as a process of its own beside the server
   * (images.yaml's grafana entry): the estimate counts one per datasource type provisioned.
   */
  @Test
  void grafanasEstimateCountsAPluginProcessForEachProvisionedDatasourceType() throws IOException {
    Set<String> types = new java.util.TreeSet<>();
    Stack.yaml(Stack.file("grafana/provisioning/datasources/datasources.yaml")).path("datasources")
        .forEach(ds -> types.add(ds.path("type").asText()));
    assertThat(FACTS.path("services").path("grafana").path("plugin_processes").asLong())
        .as("grafana's plugin_processes in memory.yaml, one for each of " + types).isEqualTo(types.size());
  }

  /** A new service is a Go program (GOMEMLIMIT) or a JVM (heap from mem_limit): someone has to say which. */
  @Test
  void everyServiceIsAGoProgramOrAJvm() {
    Set<String> named = new HashSet<>(GO_SERVICES);
    named.addAll(JVM_SERVICES);
    assertThat(named).hasSize(GO_SERVICES.size() + JVM_SERVICES.size());
    assertThat(named).isEqualTo(StackChecks.services(COMPOSE).keySet());
  }

  @Test
  void everyLimitIsAtLeastOneAndAHalfTimesItsPeak() {
    assertThat(limitProblems(COMPOSE, FACTS)).isEmpty();
  }

  @Test
  void everyGoProgramHasASoftMemoryLimitBelowItsContainerLimit() {
    assertThat(goMemLimitProblems(COMPOSE, GO_SERVICES)).isEmpty();
  }

  /** The README names the sum of the limits and the Docker memory that holds them with headroom. */
  @Test
  void theReadmesDockerMemoryFollowsFromTheSum() throws IOException {
    long sum = sumMib(COMPOSE);
    long headroom = FACTS.path("docker_headroom_mib").asLong();
    long dockerGib = (sum + headroom + 1023) / 1024;
    assertThat(dockerGib).as("Docker memory a laptop must give, GiB").isLessThanOrEqualTo(4);
    assertThat(Files.readString(Stack.file("README.md")))
        .contains("the memory limits add up to " + sum + " MiB: give Docker " + dockerGib + " GiB");
  }

  /** docs/performance.md shows each measured peak as memory.yaml records it, beside its limit. */
  @Test
  void thePerformanceDocShowsTheRecordedPeaks() throws IOException {
    String doc = Files.readString(Stack.file("docs/performance.md"));
    FACTS.path("services").fields().forEachRemaining(e -> {
      long limit = limitMib(COMPOSE.path("services").path(e.getKey()));
      assertThat(doc).as("a footprint row for " + e.getKey())
          .containsPattern("(?m)^\\| `?" + e.getKey() + "`? \\| " + e.getValue().path("peak_mib").asLong() + " \\| " + limit + " \\|");
    });
  }

  // ---------------------------------------------------------------- the checks, and proof they catch

  /** How a peak is known; an estimate also names its parts. */
  static final List<String> SOURCE_KINDS = List.of("measured", "cited", "estimated");

  static final List<String> ESTIMATE_PARTS = List.of("server_mib", "plugin_processes", "plugin_process_mib");

  static List<String> limitProblems(JsonNode compose, JsonNode facts) {
    List<String> problems = new java.util.ArrayList<>();
    facts.path("services").fields().forEachRemaining(e -> {
      long limit = limitMib(compose.path("services").path(e.getKey()));
      long peak = peakMib(e.getValue());
      if (limit * 2 < peak * 3) {
        problems.add(e.getKey() + ": mem_limit " + limit + " MiB is less than 1.5 x its peak of " + peak + " MiB");
      }
    });
    return problems;
  }

  /** The peak a limit must hold: an estimate's is the sum of its parts, whatever peak_mib says. */
  static long peakMib(JsonNode fact) {
    if (!fact.has("estimated")) {
      return fact.path("peak_mib").asLong();
    }
    return fact.path("server_mib").asLong()
        + fact.path("plugin_processes").asLong() * fact.path("plugin_process_mib").asLong();
  }

  /** An estimate has every part, each positive, and its peak_mib is their sum. */
  static List<String> estimateProblems(JsonNode facts) {
    List<String> problems = new java.util.ArrayList<>();
    facts.path("services").fields().forEachRemaining(e -> {
      JsonNode fact = e.getValue();
      if (!fact.has("estimated")) {
        return;
      }
      for (String part : ESTIMATE_PARTS) {
        if (fact.path(part).asLong() <= 0) {
          problems.add(e.getKey() + ": an estimate without a positive " + part);
        }
      }
      if (fact.path("peak_mib").asLong() != peakMib(fact)) {
        problems.add(e.getKey() + ": peak_mib " + fact.path("peak_mib").asLong() + " is not server_mib + plugin_processes x plugin_process_mib = " + peakMib(fact));
      }
    });
    return problems;
  }

  /** A Go program's GOMEMLIMIT: set, and between 50% and 90% of its container's limit. */
  static List<String> goMemLimitProblems(JsonNode compose, Set<String> goServices) {
    List<String> problems = new java.util.ArrayList<>();
    StackChecks.services(compose).forEach((name, svc) -> {
      if (!goServices.contains(name)) {
        return;
      }
      String soft = svc.path("environment").path("GOMEMLIMIT").asText("");
      if (soft.isEmpty()) {
        problems.add(name + ": a Go program without GOMEMLIMIT (Go does not read the container's limit)");
        return;
      }
      long softMib = goMemLimitMib(soft);
      long limit = limitMib(svc);
      if (softMib * 10 > limit * 9 || softMib * 2 < limit) {
        problems.add(name + ": GOMEMLIMIT " + soft + " is not between 50% and 90% of its mem_limit of " + limit + " MiB");
      }
    });
    return problems;
  }

  /** GOMEMLIMIT's own syntax, a number with B, KiB, MiB or GiB (not compose's "384m"), in MiB. */
  static long goMemLimitMib(String value) {
    if (!value.matches("\\d+(B|KiB|MiB|GiB)")) {
      throw new IllegalArgumentException("GOMEMLIMIT " + value + " is not in Go's syntax (e.g. 384MiB)");
    }
    return StackChecks.bytes(value) / MIB;
  }

  /** A service's memory limit in MiB; 0 when it has none (StackChecks.memoryLimits reports that). */
  static long limitMib(JsonNode service) {
    String limit = StackChecks.memLimit(service);
    return limit.isEmpty() ? 0 : StackChecks.bytes(limit) / MIB;
  }

  static long sumMib(JsonNode compose) {
    return StackChecks.services(compose).values().stream()
        .mapToLong(MemoryLimitsTest::limitMib).sum();
  }

  @Test
  void theChecksCatchWhatTheyClaimTo() {
    JsonNode compose = Stack.yaml("""
        services:
          tight: {mem_limit: 256m}
          nolimit: {mem_limit: 512m}
          toohigh: {mem_limit: 400m, environment: {GOMEMLIMIT: 390MiB}}
          toolow: {mem_limit: 576m, environment: {GOMEMLIMIT: 100MiB}}
          fine: {mem_limit: 512m, environment: {GOMEMLIMIT: 384MiB}}
          jvm: {mem_limit: 512m}
          server: {mem_limit: 640m}
          sized: {mem_limit: 896m}
        """);
    JsonNode facts = Stack.yaml("""
        services:
          tight: {peak_mib: 200}
          nolimit: {peak_mib: 100}
          toohigh: {peak_mib: 100}
          toolow: {peak_mib: 100}
          fine: {peak_mib: 300}
          jvm: {peak_mib: 300}
          server: {peak_mib: 330, estimated: x, server_mib: 330, plugin_processes: 4, plugin_process_mib: 64}
          sized: {peak_mib: 586, estimated: x, server_mib: 330, plugin_processes: 4, plugin_process_mib: 64}
        """);
    // A limit sized for the server alone fails on the sum of the parts, not on the peak_mib written.
    assertThat(limitProblems(compose, facts)).containsExactly(
        "tight: mem_limit 256 MiB is less than 1.5 x its peak of 200 MiB",
        "server: mem_limit 640 MiB is less than 1.5 x its peak of 586 MiB");
    assertThat(estimateProblems(facts)).containsExactly(
        "server: peak_mib 330 is not server_mib + plugin_processes x plugin_process_mib = 586");
    assertThat(estimateProblems(Stack.yaml("services: {g: {peak_mib: 330, estimated: x, server_mib: 330, plugin_process_mib: 64}}")))
        .containsExactly("g: an estimate without a positive plugin_processes");
    // The Go services are the set given, whatever the facts say: jvm is not among them.
    assertThat(goMemLimitProblems(compose, Set.of("tight", "nolimit", "toohigh", "toolow", "fine"))).containsExactly(
        "tight: a Go program without GOMEMLIMIT (Go does not read the container's limit)",
        "nolimit: a Go program without GOMEMLIMIT (Go does not read the container's limit)",
        "toohigh: GOMEMLIMIT 390MiB is not between 50% and 90% of its mem_limit of 400 MiB",
        "toolow: GOMEMLIMIT 100MiB is not between 50% and 90% of its mem_limit of 576 MiB");
    assertThat(goMemLimitMib("1GiB")).isEqualTo(1024);
    assertThatThrownBy(() -> goMemLimitMib("384m")).hasMessageContaining("not in Go's syntax");
  }
}
