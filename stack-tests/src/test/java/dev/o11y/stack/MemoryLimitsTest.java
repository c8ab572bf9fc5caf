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
      assertThat(fact.has("measured") ^ fact.has("cited")).as("%s: either measured or cited", e.getKey()).isTrue();
      assertThat(fact.path("measured").asText(fact.path("cited").asText())).as("%s: its source", e.getKey()).isNotBlank();
      // Nothing else: a field no test reads (a `go: false`, say) would look like a fact that counts.
      Set<String> fields = new HashSet<>();
      fact.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).as("%s: the fields MemoryLimitsTest reads", e.getKey()).isSubsetOf("peak_mib", "measured", "cited");
    });
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

  static List<String> limitProblems(JsonNode compose, JsonNode facts) {
    List<String> problems = new java.util.ArrayList<>();
    facts.path("services").fields().forEachRemaining(e -> {
      long limit = limitMib(compose.path("services").path(e.getKey()));
      long peak = e.getValue().path("peak_mib").asLong();
      if (limit * 2 < peak * 3) {
        problems.add(e.getKey() + ": mem_limit " + limit + " MiB is less than 1.5 x its peak of " + peak + " MiB");
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
        """);
    JsonNode facts = Stack.yaml("""
        services:
          tight: {peak_mib: 200}
          nolimit: {peak_mib: 100}
          toohigh: {peak_mib: 100}
          toolow: {peak_mib: 100}
          fine: {peak_mib: 300}
          jvm: {peak_mib: 300}
        """);
    assertThat(limitProblems(compose, facts)).containsExactly(
        "tight: mem_limit 256 MiB is less than 1.5 x its peak of 200 MiB");
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
