package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.JaegerTrace;
import dev.o11y.drills.DrillCatalog;
import dev.o11y.support.DrillSeeds;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.JfrSamples;
import dev.o11y.support.LoadGeneratorProcess;
import dev.o11y.support.NativeStack;
import dev.o11y.support.ProfileSink;
import dev.o11y.support.ResidentMemory;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Tools;
import dev.o11y.support.Waits;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * `make soak`: a workshop's hours on the stack's programs that run here, each as compose runs it
 * (its config, environment and GOMEMLIMIT, the receiver's heap from its mem_limit): the load
 * generator at its default rate, Prometheus scraping and remote-writing both protocols, and a
 * drill started every 15 minutes and stopped 5 minutes later, as a room works through them.
 * Every program's resident memory is sampled each minute into target/soak/rss.csv.
 *
 * At the end it walks the chain for a slow request of the first 10 minutes and one of the last
 * 10, as a learner clicks the highest dot: Prometheus keeps its exemplar, Jaeger its trace, the
 * log records carry its trace ID, and the uploaded profiles hold CPU samples labelled with its
 * root span. It fails when a walk breaks or a peak times 1.5 passes a mem_limit. SOAK_MINUTES
 * sets the length (120); `make test` runs a short one, with every period scaled to it.
 */
class SoakIT {

  private static final String LATENCY = "http_request_duration_seconds_bucket{job=\"receiver\"}";
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** The workshop's periods, or a share of a shorter run. */
  private record Periods(Duration length, Duration drillEvery, Duration window, Duration sampleEvery) {
    static Periods of(Duration length) {
      return new Periods(length, min(Duration.ofMinutes(15), length.dividedBy(4)),
          min(Duration.ofMinutes(10), length.dividedBy(4)), min(Duration.ofMinutes(1), length.dividedBy(30)));
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }

  /**
   * Programs whose stores are memory-mapped files (Jaeger's Badger, Prometheus' TSDB): over hours
   * their resident set fills with those files' pages, page cache that the kernel drops under a
   * container's limit instead of killing the process. Their limit holds the anonymous peak,
   * sampled with the rest; the others' the resident high-water mark.
   */
  private static final Set<String> MAPPED_STORES = Set.of("jaeger", "prometheus");

  @Test
  void theChainHoldsFromTheFirstMinutesToTheLastAndMemoryStaysInsideItsLimits() throws Exception {
    Tools.requireThat(ResidentMemory.available(), "/proc is not there to read resident memory from (Linux only)");
    Periods periods = Periods.of(Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("soak.minutes", "120")) * 60)));
    Path out = Files.createDirectories(Path.of("target", "soak"));
    List<String> drills = DrillCatalog.ALL.stream().map(d -> d.id()).toList();

    try (NativeStack stack = NativeStack.start(List.of(), false);
        LoadGeneratorProcess loadgen = LoadGeneratorProcess.start(stack.ports())) {
      Map<String, Long> pids = new LinkedHashMap<>(Map.of("app", stack.pids().get("app"), "loadgen", loadgen.pid(),
          "prometheus", stack.pids().get("prometheus"), "jaeger", stack.pids().get("jaeger")));
      List<String> rss = new ArrayList<>(List.of("minute,service,rss_mib,peak_mib,anon_mib"));
      Map<String, Long> anonymousPeaks = new LinkedHashMap<>();
      Instant start = Instant.now();
      Instant end = start.plus(periods.length());
      int slowFirst = 0;
      int slowLast = 0;
      int block = -1;
      boolean drillRunning = false;

      for (Instant now = start; now.isBefore(end); now = Instant.now()) {
        Duration elapsed = Duration.between(start, now);
        int thisBlock = (int) (elapsed.toMillis() / periods.drillEvery().toMillis());
        Duration intoBlock = elapsed.minus(periods.drillEvery().multipliedBy(thisBlock));
        // Each block: a third without a drill, a third with one, a third after it.
        if (thisBlock != block && intoBlock.compareTo(periods.drillEvery().dividedBy(3)) >= 0) {
          block = thisBlock;
          admin(stack, "/drill?seed=" + DrillSeeds.seedFor(drills.get(block % drills.size())));
          drillRunning = true;
        } else if (drillRunning && intoBlock.compareTo(periods.drillEvery().multipliedBy(2).dividedBy(3)) >= 0) {
          admin(stack, "/drill/stop");
          drillRunning = false;
        }
        // A slow request near the start of the first window and of the last.
        if (elapsed.compareTo(periods.window().dividedBy(2)) >= 0 && slowFirst < 3) {
          slowRequest(stack);
          slowFirst++;
        }
        if (Duration.between(now, end).compareTo(periods.window().dividedBy(2)) <= 0 && slowLast < 3) {
          slowRequest(stack);
          slowLast++;
        }
        for (Map.Entry<String, Long> p : pids.entrySet()) {
          long anonymous = ResidentMemory.anonymousBytes(p.getValue()).orElse(0L);
          anonymousPeaks.merge(p.getKey(), anonymous, Math::max);
          rss.add(String.format("%.2f,%s,%s,%s,%s", elapsed.toMillis() / 60_000.0, p.getKey(),
              ResidentMemory.mib(ResidentMemory.currentBytes(p.getValue()).orElseThrow(() -> new AssertionError(p.getKey() + " exited"))),
              ResidentMemory.mib(ResidentMemory.peakBytes(p.getValue()).orElse(0L)), ResidentMemory.mib(anonymous)));
        }
        Files.write(out.resolve("rss.csv"), rss);
        assertThat(loadgen.alive()).as("the load generator runs for the whole soak").isTrue();
        TimeUnit.MILLISECONDS.sleep(periods.sampleEvery().toMillis()); // the load runs meanwhile
      }
      if (drillRunning) {
        admin(stack, "/drill/stop");
      }

      List<String> report = new ArrayList<>();
      report.add("# make soak, " + LocalDate.now() + ", " + periods.length().toSeconds() / 60.0 + " min, a drill every "
          + periods.drillEvery().toSeconds() + " s, " + Runtime.getRuntime().availableProcessors() + " cores");
      pids.forEach((service, pid) -> report.add(String.format(
          "%-10s peak %4s MiB resident, %4s MiB anonymous, of its %4s MiB mem_limit (memory.yaml records %s)",
          service, ResidentMemory.mib(ResidentMemory.peakBytes(pid).orElseThrow()), ResidentMemory.mib(anonymousPeaks.get(service)),
          ResidentMemory.mib(StackFiles.memLimitBytes(service)), ResidentMemory.mib(ResidentMemory.recordedPeakBytes(service)))));
      report.add(exemplarReach(stack, Duration.between(start, Instant.now())));
      report.add("first window: " + walk(stack, start, start.plus(periods.window())));
      report.add("last window:  " + walk(stack, end.minus(periods.window()), end));
      Files.write(out.resolve("summary.txt"), report);
      report.forEach(System.out::println);
      pids.forEach((service, pid) -> ResidentMemory.assertLimitHoldsPeak(service,
          MAPPED_STORES.contains(service) ? anonymousPeaks.get(service) : ResidentMemory.peakBytes(pid).orElseThrow(),
          StackFiles.memLimitBytes(service)));
    }
  }

  /** How many hours Prometheus's exemplar storage holds at the rate this run appended to it. */
  private static String exemplarReach(NativeStack stack, Duration ran) {
    double appended = stack.prometheus().selfMetric("prometheus_tsdb_exemplar_exemplars_appended_total");
    double max = stack.prometheus().selfMetric("prometheus_tsdb_exemplar_max_exemplars");
    double perSecond = appended / ran.toSeconds();
    return String.format("prometheus: %.0f exemplars appended in %d min (%.2f/s): its %.0f hold %.1f h at that rate",
        appended, ran.toMinutes(), perSecond, max, max / perSecond / 3600);
  }

  /** The slow-decode scenario for one request, as a presenter switches it on. */
  private static void slowRequest(NativeStack stack) {
    admin(stack, "/scenario?name=slow-decode");
    try {
      HttpResponse<String> response = Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
      assertThat(response.statusCode()).as(response.body()).isIn(204, 500);
    } finally {
      admin(stack, "/scenario?name=none");
    }
  }

  /**
   * The learner's walk from the highest dots of a window, a slow-decode request's (1 s or more):
   * its exemplar in Prometheus, its trace in Jaeger, its log records, and CPU samples labelled
   * with its root span; the line says what held. Any such request will do: while the scenario
   * is on, the load generator's requests are slow too, and one of theirs may be the dot.
   */
  private static String walk(NativeStack stack, Instant from, Instant to) {
    // What was sent last may still be on its way (a scrape, a batch, an upload): each step waits
    // for it as long as the others do; what was sent hours ago is there at once, or gone.
    String traceId = Waits.until("an exemplar of 1 s or more in Prometheus between " + from + " and " + to, WAIT, () ->
        slowExemplars(stack, from, to).stream().findFirst());
    JaegerTrace trace = Waits.until("trace " + traceId + " with its root span in Jaeger", WAIT, () ->
        stack.jaeger().api("/api/traces/" + traceId).map(JaegerTrace::of)
            .filter(t -> t.spans().stream().anyMatch(s -> s.parentId().isEmpty())));
    JaegerTrace.Span root = trace.spans().stream().filter(s -> s.parentId().isEmpty()).findFirst().orElseThrow();
    long logs = Waits.until("log records with trace_id " + traceId, WAIT, () -> {
      long n = stack.loki().logs().stream().filter(l -> l.traceId().equals(traceId)).count();
      return n > 0 ? Optional.of(n) : Optional.empty();
    });
    long label = Long.parseUnsignedLong(root.id(), 16);
    long samples = Waits.until("CPU samples labelled with span " + root.id(), WAIT, () -> {
      long n = JfrSamples.of(uploadsAround(stack.pyroscope(), root)).stream().filter(s -> s.isCpu() && s.spanId() == label).count();
      return n > 0 ? Optional.of(n) : Optional.empty();
    });
    return "trace " + traceId + " in Jaeger with " + trace.spans().size() + " spans, " + logs + " log records, "
        + samples + " CPU samples of span " + root.id();
  }

  /** The trace IDs of the latency histogram's exemplars of 1 s or more taken in the window, oldest first. */
  private static List<String> slowExemplars(NativeStack stack, Instant from, Instant to) {
    JsonNode series = stack.prometheus().api("/api/v1/query_exemplars?query=" + URLEncoder.encode(LATENCY, StandardCharsets.UTF_8)
        + "&start=" + from.getEpochSecond() + "&end=" + (to.getEpochSecond() + 1));
    List<String> ids = new ArrayList<>();
    for (JsonNode s : series) {
      for (JsonNode e : s.path("exemplars")) {
        if (e.path("value").asDouble() >= 1.0) {
          ids.add(e.path("labels").path("trace_id").asText());
        }
      }
    }
    return ids;
  }

  /** The uploads whose time range meets the span's: the walk reads those, as Grafana asks for a span's time. */
  private static List<ProfileSink.Upload> uploadsAround(ProfileSink sink, JaegerTrace.Span span) {
    Instant spanStart = Instant.ofEpochMilli(span.startMicros() / 1000);
    Instant spanEnd = spanStart.plus(Duration.ofNanos(span.durationMicros() * 1000));
    return sink.uploads().stream().filter(u -> !u.until().isBefore(spanStart.minusSeconds(1))
        && !u.from().isAfter(spanEnd.plusSeconds(1))).toList();
  }

  private static void admin(NativeStack stack, String path) {
    HttpResponse<String> answer = Http.post(stack.adminPort(), path, new byte[0], Map.of());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
  }
}
