package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.JaegerTrace;
import dev.o11y.support.GrafanaQueries;
import dev.o11y.support.Http;
import dev.o11y.support.JaegerProcess;
import dev.o11y.support.LoadGeneratorProcess;
import dev.o11y.support.MetricsText;
import dev.o11y.support.NativeStack;
import dev.o11y.support.PrometheusProcess;
import dev.o11y.support.ReceiverProcess;
import dev.o11y.support.ResidentMemory;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Tools;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `make footprint`: the workshop's own load on the stack's programs that run here, each as
 * docker-compose.yml runs it (its config, its environment with GOMEMLIMIT, the JVM's heap sized
 * from its mem_limit): the load generator at its default rate, Prometheus scraping everyone and
 * remote-writing both protocols, a minute of slow-decode, and the walkthrough's queries every
 * 15 seconds. Prints each program's peak resident memory beside its mem_limit into
 * target/footprint.txt, and fails when a peak passes the one memory.yaml records or a limit is
 * less than 1.5 times its program's peak, when a remote write fails, or when one round sees no new one.
 * Loki, Pyroscope and Grafana cannot run here: sinks stand in for the first two, and their
 * limits rest on the figures in stack-tests/src/test/resources/memory.yaml.
 */
class FootprintIT {

  private static final Duration QUERY_EVERY = Duration.ofSeconds(15);

  @Test
  void everyProgramPeaksWellInsideItsComposeMemoryLimitUnderTheWorkshopLoad() throws Exception {
    Tools.requireThat(ResidentMemory.available(), "/proc is not there to read resident memory from (Linux only)");
    Duration length = Duration.ofMinutes(Long.getLong("footprint.minutes", 5));
    try (NativeStack stack = NativeStack.start(List.of(), false);
        LoadGeneratorProcess loadgen = LoadGeneratorProcess.start(stack.ports())) {
      ReceiverProcess receiver = stack.receiver();
      PrometheusProcess prometheus = stack.prometheus();
      JaegerProcess jaeger = stack.jaeger();
      Map<String, Long> pids = new LinkedHashMap<>();
      pids.put("app", stack.pids().get("app"));
      pids.put("loadgen", loadgen.pid());
      pids.put("prometheus", stack.pids().get("prometheus"));
      pids.put("jaeger", stack.pids().get("jaeger"));
      // Read now, as the programs were started with them.
      Map<String, Long> limits = new LinkedHashMap<>();
      Map<String, String> softLimits = new LinkedHashMap<>();
      pids.keySet().forEach(service -> {
        limits.put(service, StackFiles.memLimitBytes(service));
        softLimits.put(service, StackFiles.environment(service).getOrDefault("GOMEMLIMIT", "-"));
      });

      long start = System.nanoTime();
      long end = start + length.toNanos();
      long slowFrom = start + length.toNanos() / 3;
      long slowTo = slowFrom + Math.min(Duration.ofMinutes(1).toNanos(), length.toNanos() / 3);
      int rounds = 0;
      double received = 0;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        boolean slow = now >= slowFrom && now < slowTo;
        Http.post(receiver.internalPort(), "/scenario?name=" + (slow ? "slow-decode" : "none"), new byte[0], Map.of());
        walkthroughQueries(prometheus, jaeger);
        rounds++;
        // The load is real the whole time: the receiver's count grows every round, nothing fails.
        assertThat(loadgen.alive()).as("the load generator runs for the whole measurement").isTrue();
        double receivedNow = remoteWritesAnswered(receiver);
        assertThat(receivedNow).as("remote writes answered 204, round %d", rounds).isGreaterThan(received);
        received = receivedNow;
        loadgen.report().ifPresent(r -> assertThat(r.failed()).as(loadgen.lastReport()).isZero());
        long next = Math.min(end, now + QUERY_EVERY.toNanos());
        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // the load runs meanwhile
      }
      Http.post(receiver.internalPort(), "/scenario?name=none", new byte[0], Map.of());

      List<String> lines = new ArrayList<>();
      lines.add("# make footprint, " + LocalDate.now() + ", " + length.toMinutes() + " min, "
          + rounds + " rounds of walkthrough queries, " + Runtime.getRuntime().availableProcessors() + " cores");
      lines.add(String.format("%-11s %13s %15s %11s  %s", "service", "peak RSS MiB", "mem_limit MiB", "limit/peak", "GOMEMLIMIT"));
      Map<String, long[]> measured = new LinkedHashMap<>();
      pids.forEach((service, pid) -> {
        long peak = ResidentMemory.peakBytes(pid).orElseThrow(() -> new AssertionError(service + " exited before the end"));
        long limit = limits.get(service);
        measured.put(service, new long[] {peak, limit});
        lines.add(String.format("%-11s %13s %15s %10.1fx  %s", service, ResidentMemory.mib(peak), ResidentMemory.mib(limit),
            (double) limit / peak, softLimits.get(service)));
      });
      lines.add("loadgen: " + loadgen.lastReport());
      lines.add("receiver: " + stack.loki().logs().size() + " log records and " + stack.pyroscope().uploads().size()
          + " profile uploads sent to the sinks");
      Path report = Path.of("target", "footprint.txt");
      Files.write(report, lines);
      lines.forEach(System.out::println);

      assertThat(loadgen.report()).as(loadgen.lastReport()).hasValueSatisfying(r -> {
        assertThat(r.sent()).isPositive();
        assertThat(r.failed()).isZero();
      });
      measured.forEach((service, m) -> ResidentMemory.assertPeakWithinRecordAndLimit(service, m[0], m[1]));
    }
  }

  /** The receiver's remote writes answered 204 so far (nothing else answers 204), from its own /metrics. */
  private static double remoteWritesAnswered(ReceiverProcess receiver) {
    String metrics = Http.get(receiver.internalPort(), "/metrics").body();
    return MetricsText.sum(metrics, "http_requests_total", "code", Set.of("204"));
  }

  /** What the walkthrough dashboard and its links ask, as a refresh would: PromQL, exemplars, Jaeger. */
  private static void walkthroughQueries(PrometheusProcess prometheus, JaegerProcess jaeger) {
    List<String> traceIds = prometheus.exemplarTraceIds("http_request_duration_seconds_bucket{job=\"receiver\"}");
    Optional<String> traceId = traceIds.isEmpty() ? Optional.empty() : Optional.of(traceIds.get(traceIds.size() - 1));
    Map<String, String> span = Map.of("__span.name", "POST /api/v1/write");
    if (traceId.isPresent()) {
      Optional<JsonNode> trace = jaeger.api("/api/traces/" + traceId.get());
      if (trace.isPresent()) {
        JaegerTrace t = JaegerTrace.of(trace.get());
        Optional<JaegerTrace.Span> root = t.spans().stream().filter(s -> s.parentId().isEmpty()).findFirst();
        if (root.isPresent()) {
          span = JaegerTrace.linkVariables(t, root.get());
        }
      }
    }
    for (GrafanaQueries.Query query : GrafanaQueries.prometheusQueries(span)) {
      prometheus.query(query.promql());
    }
    long now = System.currentTimeMillis() * 1000;
    jaeger.api("/api/traces?service=receiver&operation=" + URLEncoder.encode("POST /api/v1/write", StandardCharsets.UTF_8)
        + "&start=" + (now - 900_000_000L) + "&end=" + now + "&limit=20");
  }
}
