package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every signal reaches back over the longest workshop (docs/retention.md): what each store
 * keeps is bounded by time, never shorter than 3 hours, and kept where `make down` keeps it.
 * How much memory and disk that costs is measured by `make retention` and `make soak`.
 */
class RetentionTest {

  static final Duration LONGEST_WORKSHOP = Duration.ofHours(3);

  @Test
  void everyStoreKeepsAtLeastTheLongestWorkshop() {
    assertThat(retentionProblems(Stack.yaml(Stack.file("docker-compose.yml")), Stack.yaml(Stack.file("jaeger/config.yaml")),
        Stack.yaml(Stack.file("loki/loki.yaml")), Stack.yaml(Stack.file("pyroscope/pyroscope.yaml")))).isEmpty();
  }

  static List<String> retentionProblems(JsonNode compose, JsonNode jaeger, JsonNode loki, JsonNode pyroscope) {
    List<String> problems = new ArrayList<>();
    // Jaeger: the store the exporter writes to keeps spans on disk for a time, not a count.
    String store = jaeger.path("exporters").path("jaeger_storage_exporter").path("trace_storage").asText();
    JsonNode badger = jaeger.path("extensions").path("jaeger_storage").path("backends").path(store).path("badger");
    if (badger.isMissingNode()) {
      problems.add("jaeger: trace store " + store + " is not Badger: a memory store drops the oldest traces by count");
    } else {
      atLeast(problems, "jaeger: badger ttl.spans", badger.path("ttl").path("spans").asText());
      if (badger.path("ephemeral").asBoolean(true)) {
        problems.add("jaeger: badger is ephemeral: its traces would live in a temporary directory");
      }
      String mount = namedVolumeMount(compose, "jaeger");
      for (String dir : List.of("keys", "values")) {
        String path = badger.path("directories").path(dir).asText();
        if (mount.isEmpty() || !path.startsWith(mount + "/")) {
          problems.add("jaeger: badger's " + dir + " directory " + path + " is not on a named volume (compose mounts "
              + (mount.isEmpty() ? "none" : mount) + ")");
        }
      }
    }
    String tsdb = StackChecks.services(compose).get("prometheus").path("command").toString();
    Matcher time = Pattern.compile("--storage\\.tsdb\\.retention\\.time=(\\w+)").matcher(tsdb);
    atLeast(problems, "prometheus: --storage.tsdb.retention.time", time.find() ? time.group(1) : "");
    atLeast(problems, "loki: limits_config.retention_period", loki.path("limits_config").path("retention_period").asText());
    if (!loki.path("compactor").path("retention_enabled").asBoolean()) {
      problems.add("loki: compactor.retention_enabled is off: retention_period deletes nothing");
    }
    atLeast(problems, "pyroscope: limits.compactor_blocks_retention_period",
        pyroscope.path("limits").path("compactor_blocks_retention_period").asText());
    return problems;
  }

  /** Where a service mounts a named volume ("" when it mounts none). */
  private static String namedVolumeMount(JsonNode compose, String service) {
    for (JsonNode volume : StackChecks.services(compose).get(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && !parts[0].startsWith(".") && !parts[0].startsWith("/")) {
        return parts[1];
      }
    }
    return "";
  }

  private static void atLeast(List<String> problems, String what, String value) {
    Duration kept = duration(value);
    if (kept.compareTo(LONGEST_WORKSHOP) < 0) {
      problems.add(what + " is " + (value.isEmpty() ? "not set" : value) + ", under the longest workshop's 3h");
    }
  }

  /** Go's and Prometheus's durations of whole units: 72h, 4h, 2d, 90m. */
  static Duration duration(String value) {
    Matcher m = Pattern.compile("(\\d+)([smhdw])").matcher(value);
    if (!m.matches()) {
      return Duration.ZERO;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  @Test
  void theCheckCatchesAStoreThatForgetsTooSoon() {
    JsonNode compose = Stack.yaml("""
        services:
          prometheus: {command: ["--storage.tsdb.retention.time=2h"]}
          jaeger: {volumes: ["./jaeger:/etc/jaeger:ro"]}
        """);
    JsonNode memory = Stack.yaml("""
        extensions: {jaeger_storage: {backends: {mem: {memory: {max_traces: 20000}}}}}
        exporters: {jaeger_storage_exporter: {trace_storage: mem}}
        """);
    JsonNode badger = Stack.yaml("""
        extensions: {jaeger_storage: {backends: {b: {badger: {ephemeral: false, ttl: {spans: 2h},
          directories: {keys: /data/keys, values: /data/values}}}}}}
        exporters: {jaeger_storage_exporter: {trace_storage: b}}
        """);
    JsonNode loki = Stack.yaml("{limits_config: {retention_period: 1h}, compactor: {retention_enabled: false}}");
    JsonNode pyroscope = Stack.yaml("{limits: {compactor_blocks_retention_period: 3h}}");
    assertThat(retentionProblems(compose, memory, loki, pyroscope)).containsExactly(
        "jaeger: trace store mem is not Badger: a memory store drops the oldest traces by count",
        "prometheus: --storage.tsdb.retention.time is 2h, under the longest workshop's 3h",
        "loki: limits_config.retention_period is 1h, under the longest workshop's 3h",
        "loki: compactor.retention_enabled is off: retention_period deletes nothing");
    assertThat(retentionProblems(compose, badger, loki, pyroscope)).contains(
        "jaeger: badger ttl.spans is 2h, under the longest workshop's 3h",
        "jaeger: badger's keys directory /data/keys is not on a named volume (compose mounts none)");
  }
}
