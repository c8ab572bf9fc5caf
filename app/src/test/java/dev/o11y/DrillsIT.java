package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.drills.Drill;
import dev.o11y.drills.DrillCatalog;
import dev.o11y.support.DrillSeeds;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.JaegerTrace;
import dev.o11y.support.JfrSamples;
import dev.o11y.support.NativeStack;
import dev.o11y.support.OtlpSink;
import dev.o11y.support.ProfileSink;
import dev.o11y.support.Waits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Each drill, started as `make drill SEED=n` starts it, found through the real signals as a
 * learner finds it: Prometheus 3 queries, Jaeger v2 traces, the receiver's OTLP log records, and
 * the JFR the Pyroscope agent uploads. Then stopped, and checked to leave nothing behind.
 * Meanwhile two senders write to the receiver, as the load generator and Prometheus would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DrillsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private NativeStack stack;
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private ExecutorService senders;
  private List<Future<?>> senderLoops;
  private int uploadsBefore;

  @BeforeAll
  void startTheStackAndTheSenders() {
    stack = NativeStack.start(List.of("--slow-request-threshold=1s"), true);
    senders = Executors.newFixedThreadPool(2);
    senderLoops = List.of(senders.submit(() -> send("1.0")), senders.submit(() -> send("2.0")));
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    sending.set(false);
    if (senders != null) {
      senders.shutdown();
      senders.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** One sender: a real Prometheus body of its protocol every 200 ms, until the class ends. */
  private void send(String version) {
    List<Fixtures.Body> bodies = version.equals("2.0") ? Fixtures.bodiesV2() : Fixtures.bodies();
    Map<String, String> headers = version.equals("2.0") ? Fixtures.headersV2() : Fixtures.headers();
    for (int i = 0; sending.get(); i++) {
      try {
        Http.post(stack.publicPort(), "/api/v1/write", bodies.get(i % bodies.size()).bytes(), headers);
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A refused or failed request is what some drills are about: the sender carries on.
      }
    }
  }

  @AfterEach
  void noDrillOutlivesItsTest() {
    admin("/drill/stop");
    assertThat(metrics()).contains("receiver_drill_active 0.0");
    assertThat(senderLoops).noneMatch(Future::isDone);
  }

  // ---- each drill: its signature in the signals, then nothing left after drill-stop ----

  @Test
  void aHotMethodShowsInTheCpuProfileOfTheSlowRequests() {
    start("hot-method");
    assertThat(averageDurationOf("/api/v1/write")).isGreaterThanOrEqualTo(0.03);
    JaegerTrace trace = aTraceWithDecodeOfAtLeast(Duration.ofMillis(55));
    JfrSamples.Sample sample = Waits.until("CPU samples in SampleValidator.validateEverySampleTwice", WAIT, () ->
        newSamples().stream().filter(s -> s.type().equals(JfrSamples.CPU) && s.hasFrame("SampleValidator.validateEverySampleTwice")
            && s.spanId() != 0).findFirst());
    assertThat(trace.spans()).isNotEmpty();
    assertThat(sample.spanId()).isNotZero();
    String stopped = stop();
    assertThat(stopped).contains("SampleValidator.validateEverySampleTwice");
    assertThat(decodeOfANewRequest()).isLessThan(Duration.ofMillis(50));
  }

  @Test
  void lockContentionShowsInTheLockProfileWhileTheSpanBurnsNoCpu() {
    start("lock-contention");
    aTraceWithDecodeOfAtLeast(Duration.ofMillis(50));
    Waits.until("lock samples in SeriesRegistry.refreshUnderGlobalLock", WAIT, () ->
        newSamples().stream().filter(s -> s.type().equals(JfrSamples.LOCK) && s.hasFrame("SeriesRegistry.refreshUnderGlobalLock"))
            .findFirst());
    // The time is waiting, not work: the CPU profile has next to nothing in that method.
    long cpuInIt = newSamples().stream().filter(s -> s.type().equals(JfrSamples.CPU)
        && s.hasFrame("SeriesRegistry.refreshUnderGlobalLock")).count();
    assertThat(cpuInIt).isLessThan(5);
    assertThat(stop()).contains("SeriesRegistry.refreshUnderGlobalLock");
    assertThat(decodeOfANewRequest()).isLessThan(Duration.ofMillis(45));
  }

  @Test
  void allocationChurnShowsInTheAllocationProfileAndInGcCounts() {
    double gcBefore = promValue("sum(increase(jvm_gc_pause_seconds_count{job=\"receiver\"}[30s]))");
    start("allocation-churn");
    Waits.until("GC pauses to multiply", WAIT, () ->
        Optional.of(promValue("sum(increase(jvm_gc_pause_seconds_count{job=\"receiver\"}[30s]))"))
            .filter(n -> n >= Math.max(10, 3 * gcBefore)));
    Waits.until("allocation samples in ScratchBuffers.allocateFreshBuffers", WAIT, () ->
        newSamples().stream().filter(s -> JfrSamples.ALLOCATION.contains(s.type())
            && s.hasFrame("ScratchBuffers.allocateFreshBuffers")).findFirst());
    assertThat(stop()).contains("ScratchBuffers.allocateFreshBuffers");
    int mark = stack.pyroscope().uploads().size();
    Waits.until("two profile uploads after the stop", WAIT, () -> Optional.of(stack.pyroscope().uploads().size())
        .filter(n -> n >= mark + 2));
    List<JfrSamples.Sample> after = samplesSince(mark + 1);
    assertThat(after).noneMatch(s -> s.hasFrame("ScratchBuffers.allocateFreshBuffers"));
  }

  @Test
  void offCpuWaitingIsLongInTheTraceAndEmptyInTheCpuProfile() {
    start("off-cpu");
    JaegerTrace trace = aTraceWithDecodeOfAtLeast(Duration.ofMillis(290));
    JaegerTrace.Span root = trace.spans().stream().filter(s -> s.parentId().isEmpty()).findFirst().orElseThrow();
    long rootLabel = Long.parseUnsignedLong(root.id(), 16);
    String threads = Waits.until("a thread parked in QuotaClient.awaitQuota", WAIT, () ->
        Optional.of(Http.get(stack.adminPort(), "/debug/threads").body()).filter(t -> t.contains("QuotaClient.awaitQuota")));
    assertThat(threads).contains("LockSupport.parkNanos");
    // Give the agent an upload or two: the request's span still has hardly any CPU.
    int mark = stack.pyroscope().uploads().size();
    Waits.until("two profile uploads", WAIT, () -> Optional.of(stack.pyroscope().uploads().size()).filter(n -> n >= mark + 2));
    assertThat(newSamples()).noneMatch(s -> s.type().equals(JfrSamples.CPU) && s.hasFrame("QuotaClient.awaitQuota"));
    assertThat(newSamples().stream().filter(s -> s.type().equals(JfrSamples.CPU) && s.spanId() == rootLabel).count())
        .as("CPU samples of a request that waited 300 ms").isLessThan(3);
    assertThat(stop()).contains("QuotaClient.awaitQuota");
    assertThat(decodeOfANewRequest()).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void errorsForOneProtocolShowByHandlerVersionLogAndSpan() {
    start("one-protocol-fails");
    HttpResponse<String> v2 = Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodiesV2().get(0).bytes(), Fixtures.headersV2());
    HttpResponse<String> v1 = Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
    assertThat(v2.statusCode()).isEqualTo(500);
    assertThat(v1.statusCode()).isEqualTo(204);
    Waits.until("a rate of 500s on /api/v1/write in Prometheus", WAIT, () -> Optional.of(promValue(
        "sum(rate(http_request_duration_seconds_count{job=\"receiver\",handler=\"/api/v1/write\",code=\"500\"}[30s]))"))
        .filter(r -> r > 0));
    String traceId = v2.headers().firstValue("X-Trace-Id").orElseThrow();
    OtlpSink.ReceivedLog error = Waits.until("the error log record of that request", WAIT, () -> stack.loki().logs().stream()
        .filter(l -> l.traceId().equals(traceId) && l.body().equals("request failed")).findFirst());
    assertThat(error.severity()).isEqualTo("ERROR");
    JaegerTrace trace = Waits.until("its trace", WAIT, () -> stack.jaeger().api("/api/traces/" + traceId).map(JaegerTrace::of)
        .filter(t -> t.span("decode").isPresent()));
    JaegerTrace.Span decode = trace.span("decode").orElseThrow();
    assertThat(decode.tag("otel.status_code")).isEqualTo("ERROR");
    assertThat(decode.tag("remote_write.version")).isEqualTo("2.0");
    assertThat(trace.json().toString()).as("the exception event of the failed span").contains("SymbolInterner.internSymbols");
    assertThat(stop()).contains("SymbolInterner.internSymbols");
    assertThat(Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodiesV2().get(0).bytes(), Fixtures.headersV2()).statusCode())
        .isEqualTo(204);
  }

  @Test
  void aLeakRaisesTheHeapAndTheHistogramNamesItsHolder() throws Exception {
    double heapBefore = promValue("min_over_time(sum(jvm_memory_used_bytes{job=\"receiver\",area=\"heap\"})[30s:1s])");
    start("memory-leak");
    sendMany(2500);
    String histogram = Http.get(stack.adminPort(), "/debug/heap-histogram").body();
    assertThat(instances(histogram, "dev.o11y.drills.ReplayLog$Entry")).isGreaterThanOrEqualTo(2500);
    // Once Prometheus has scraped it: the heap stays above where it was.
    Waits.until("the heap floor to rise in Prometheus", WAIT, () -> Optional.of(promValue(
        "min_over_time(sum(jvm_memory_used_bytes{job=\"receiver\",area=\"heap\"})[10s:1s])")).filter(h -> h > heapBefore + 15e6));
    Waits.until("allocation samples in ReplayLog.keepForReplay", WAIT, () -> newSamples().stream()
        .filter(s -> JfrSamples.ALLOCATION.contains(s.type()) && s.hasFrame("ReplayLog.keepForReplay")).findFirst());
    assertThat(stop()).contains("ReplayLog");
    assertThat(instances(Http.get(stack.adminPort(), "/debug/heap-histogram").body(), "dev.o11y.drills.ReplayLog$Entry"))
        .as("after drill-stop, the histogram's full collection finds none").isZero();
  }

  @Test
  void aCardinalityBombGrowsTheScrapeByOneMetric() throws Exception {
    double before = Waits.until("a scrape of the receiver", WAIT, () ->
        Optional.of(promValue("scrape_samples_scraped{job=\"receiver\"}")).filter(n -> n > 0));
    start("cardinality-bomb");
    sendMany(400);
    double grown = Waits.until("the receiver's scrape to grow by hundreds of samples", WAIT, () ->
        Optional.of(promValue("scrape_samples_scraped{job=\"receiver\"}")).filter(n -> n > before + 300));
    String topMetric = "topk(1, count by (__name__) ({job=\"receiver\"}))";
    assertThat(stack.prometheus().query(topMetric).path("result").path(0).path("metric").path("__name__").asText())
        .isEqualTo("receiver_write_requests_total");
    assertThat(stop()).contains("request_id");
    assertThat(metrics()).doesNotContain("receiver_write_requests_total");
    Waits.until("the scrape to lose the bomb's series", WAIT, () ->
        Optional.of(promValue("scrape_samples_scraped{job=\"receiver\"}")).filter(n -> n < grown - 300));
  }

  // ---- helpers ----

  /** Starts the drill with the id, through the admin port with the seed that picks it, as make drill does. */
  private Drill start(String id) {
    long seed = DrillSeeds.seedFor(id);
    uploadsBefore = stack.pyroscope().uploads().size();
    HttpResponse<String> started = Http.post(stack.adminPort(), "/drill?seed=" + seed, new byte[0], Map.of());
    assertThat(started.statusCode()).isEqualTo(200);
    Drill drill = DrillCatalog.pick(seed);
    // Nothing the learner sees names it: not the answer, not the metrics.
    assertThat(started.body()).contains(drill.symptom()).doesNotContain(drill.id());
    assertThat(metrics()).contains("receiver_drill_active 1.0").doesNotContain(drill.id());
    return drill;
  }

  private String stop() {
    HttpResponse<String> stopped = admin("/drill/stop");
    assertThat(stopped.statusCode()).isEqualTo(200);
    return stopped.body();
  }

  private HttpResponse<String> admin(String path) {
    return Http.post(stack.adminPort(), path, new byte[0], Map.of());
  }

  private String metrics() {
    return Http.get(stack.adminPort(), "/metrics").body();
  }

  /** A PromQL query's first value, or 0 when it has none. */
  private double promValue(String promql) {
    JsonNode result = stack.prometheus().query(promql).path("result");
    return result.size() == 0 ? 0 : result.path(0).path("value").path(1).asDouble();
  }

  /** The mean duration of a handler's requests over the last 20 s, once Prometheus has it. */
  private double averageDurationOf(String handler) {
    String promql = "sum(rate(http_request_duration_seconds_sum{job=\"receiver\",handler=\"" + handler + "\"}[20s]))"
        + " / sum(rate(http_request_duration_seconds_count{job=\"receiver\",handler=\"" + handler + "\"}[20s]))";
    return Waits.until("the mean duration of " + handler + " to rise", WAIT, () ->
        Optional.of(promValue(promql)).filter(d -> d >= 0.03));
  }

  /** A recent trace of the receiver whose decode span took at least that long. */
  private JaegerTrace aTraceWithDecodeOfAtLeast(Duration at) {
    return Waits.until("a trace with decode of " + at.toMillis() + " ms or more", WAIT, () -> {
      long now = System.currentTimeMillis() * 1000;
      Optional<JsonNode> found = stack.jaeger().api("/api/traces?service=receiver&operation=decode&minDuration="
          + at.toMillis() + "ms&start=" + (now - 60_000_000L) + "&end=" + now + "&limit=5");
      return found.flatMap(answer -> JaegerTrace.all(answer).stream().findFirst());
    });
  }

  /** Sends one 1.0 request and reads the duration of its decode span from Jaeger. */
  private Duration decodeOfANewRequest() {
    HttpResponse<String> response = Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
    assertThat(response.statusCode()).isEqualTo(204);
    String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
    JaegerTrace trace = Waits.until("trace " + traceId, WAIT, () -> stack.jaeger().api("/api/traces/" + traceId)
        .map(JaegerTrace::of).filter(t -> t.span("decode").isPresent()));
    return Duration.ofNanos(trace.span("decode").orElseThrow().durationMicros() * 1000);
  }

  /** The JFR samples uploaded since the drill started. */
  private List<JfrSamples.Sample> newSamples() {
    return samplesSince(uploadsBefore);
  }

  private List<JfrSamples.Sample> samplesSince(int upload) {
    List<ProfileSink.Upload> all = stack.pyroscope().uploads();
    List<JfrSamples.Sample> samples = new ArrayList<>();
    for (ProfileSink.Upload u : all.subList(Math.min(upload, all.size()), all.size())) {
      if (u.parts().containsKey("jfr")) {
        samples.addAll(JfrSamples.of(u.parts().get("jfr")));
      }
    }
    return samples;
  }

  /** Real 1.0 bodies, four at a time, as fast as the receiver takes them. */
  private void sendMany(int requests) throws Exception {
    List<Fixtures.Body> bodies = Fixtures.bodies();
    Map<String, String> headers = Fixtures.headers();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        byte[] body = bodies.get(i % bodies.size()).bytes();
        answers.add(pool.submit(() -> Http.post(stack.publicPort(), "/api/v1/write", body, headers).statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(204);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The instance count of a class in a `jcmd GC.class_histogram` listing. */
  private static long instances(String histogram, String className) {
    return histogram.lines().filter(l -> l.trim().endsWith(" " + className) || l.contains(" " + className + " "))
        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
  }

}
