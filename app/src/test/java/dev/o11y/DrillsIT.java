package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.JaegerTrace;
import dev.o11y.drills.Drill;
import dev.o11y.drills.DrillCatalog;
import dev.o11y.support.DrillSeeds;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.JfrSamples;
import dev.o11y.support.MetricsText;
import dev.o11y.support.NativeStack;
import dev.o11y.support.OtlpSink;
import dev.o11y.support.ProfileSink;
import dev.o11y.support.ResidentMemory;
import dev.o11y.support.Waits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

  /** What each fault costs a request, as the drills' causes say: the tests look for it, then for its absence. */
  private static final Duration HOT_METHOD_BURN = Duration.ofMillis(60);
  private static final Duration LOCK_HOLD = Duration.ofMillis(50);
  private static final Duration OFF_CPU_WAIT = Duration.ofMillis(300);

  /** The Pyroscope agent's sampling interval: its default, which compose leaves alone. */
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(10);
  /** Waiting burns next to no CPU: under a tenth of the samples the same time would give as CPU. */
  private static final double WAITING_CPU_SHARE = 0.10;
  /** How long the off-CPU drills are watched for that share. */
  private static final Duration MEASURE = Duration.ofSeconds(10);
  private static final Set<String> REMOTE_WRITE_HANDLERS = Set.of("/receive", "/api/v1/write");

  /** Remote-write requests over the last 30 s, what the two measures below are per. */
  private static final String REQUESTS_30S =
      "sum(increase(http_request_duration_seconds_count{job=\"receiver\",handler=~\"/receive|/api/v1/write\"}[30s]))";
  private static final String GC_PER_REQUEST = "sum(increase(jvm_gc_pause_seconds_count{job=\"receiver\"}[30s])) / " + REQUESTS_30S;
  private static final String ALLOCATED_PER_REQUEST =
      "sum(increase(jvm_gc_memory_allocated_bytes_total{job=\"receiver\"}[30s])) / " + REQUESTS_30S;
  /** The drill allocates 16 MiB per request; a quarter of that is far above any request without it. */
  private static final double ALLOCATED_PER_REQUEST_OF_CHURN = 4 * 1024 * 1024;

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
      // Every drill's load, leak and churn included: the receiver's peak, for memory.yaml's record.
      ResidentMemory.peakBytes(stack.pids().get("app")).ifPresent(peak ->
          System.out.println("memory: app peaked at " + ResidentMemory.mib(peak) + " MiB through the drills"));
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
    Duration baseline = medianDecodeOfNewRequests();
    start("hot-method");
    averageDurationOf("/api/v1/write");
    // The learner's walk: a slow trace, then the CPU profile of its root span names the method.
    Waits.until("a slow trace whose root span has CPU samples in SampleValidator.validateEverySampleTwice", WAIT, () -> {
      Set<Long> hotSpans = newSamples().stream().filter(s -> s.isCpu() && s.hasFrame("SampleValidator.validateEverySampleTwice"))
          .map(JfrSamples.Sample::spanId).collect(Collectors.toSet());
      return tracesWithDecodeOfAtLeast(Duration.ofMillis(55)).stream()
          .filter(t -> root(t).filter(r -> hotSpans.contains(profileLabel(r))).isPresent()).findFirst();
    });
    Instant stoppedAt = Instant.now();
    assertThat(stop()).contains("SampleValidator.validateEverySampleTwice");
    assertThat(samplesOfUploadsAfter(stoppedAt)).noneMatch(s -> s.hasFrame("SampleValidator.validateEverySampleTwice"));
    assertThat(medianDecodeOfNewRequests()).as("decode after the stop, against %s before the drill", baseline)
        .isLessThan(baseline.plus(HOT_METHOD_BURN.dividedBy(2)));
  }

  @Test
  void lockContentionShowsInTheLockProfileWhileTheSpanBurnsNoCpu() {
    Duration baseline = medianDecodeOfNewRequests();
    start("lock-contention");
    aTraceWithDecodeOfAtLeast(LOCK_HOLD);
    Waits.until("lock samples in SeriesRegistry.refreshUnderGlobalLock", WAIT, () ->
        newSamples().stream().filter(s -> s.type().equals(JfrSamples.LOCK) && s.hasFrame("SeriesRegistry.refreshUnderGlobalLock"))
            .findFirst());
    // The requests' time is waiting, not work: their spans' CPU samples are a small share of what
    // that time would have given, had it been CPU.
    Window window = measure();
    assertThat(window.cpuSamplesOfRequestSpans()).as(window.toString())
        .isLessThan(Math.round(WAITING_CPU_SHARE * window.samplesIfTheRequestsTimeWereCpu()));
    assertThat(stop()).contains("SeriesRegistry.refreshUnderGlobalLock");
    assertThat(medianDecodeOfNewRequests()).as("decode after the stop, against %s before the drill", baseline)
        .isLessThan(baseline.plus(LOCK_HOLD.dividedBy(2)));
  }

  @Test
  void allocationChurnShowsInTheAllocationProfileAndInGcCounts() {
    // Per request served, so that a burst of requests just before (the test before this one)
    // does not set the bar. The collector's count can only rise as far as the young generation
    // lets it (about 5x here); what each request allocates rises a hundredfold.
    double allocatedBefore = promValue(ALLOCATED_PER_REQUEST);
    double gcBefore = promValue(GC_PER_REQUEST);
    start("allocation-churn");
    double allocated = Waits.until("bytes allocated per request to multiply, from " + allocatedBefore, WAIT, () ->
        Optional.of(promValue(ALLOCATED_PER_REQUEST)).filter(n -> n >= Math.max(ALLOCATED_PER_REQUEST_OF_CHURN, 10 * allocatedBefore)));
    double gc = Waits.until("collections per request to rise, from " + gcBefore, WAIT, () ->
        Optional.of(promValue(GC_PER_REQUEST)).filter(n -> n > 0 && n >= 2 * gcBefore));
    System.out.printf("measured: %.0f bytes allocated and %.3f collections per request before the churn, %.0f and %.3f during%n",
        allocatedBefore, gcBefore, allocated, gc);
    Waits.until("allocation samples in ScratchBuffers.allocateFreshBuffers", WAIT, () ->
        newSamples().stream().filter(s -> JfrSamples.ALLOCATION.contains(s.type())
            && s.hasFrame("ScratchBuffers.allocateFreshBuffers")).findFirst());
    Instant stoppedAt = Instant.now();
    assertThat(stop()).contains("ScratchBuffers.allocateFreshBuffers");
    assertThat(samplesOfUploadsAfter(stoppedAt)).noneMatch(s -> s.hasFrame("ScratchBuffers.allocateFreshBuffers"));
  }

  @Test
  void offCpuWaitingIsLongInTheTraceAndEmptyInTheCpuProfile() {
    Duration baseline = medianDecodeOfNewRequests();
    start("off-cpu");
    aTraceWithDecodeOfAtLeast(Duration.ofMillis(290));
    String threads = Waits.until("a thread parked in QuotaClient.awaitQuota", WAIT, () ->
        Optional.of(Http.get(stack.adminPort(), "/debug/threads").body()).filter(t -> t.contains("QuotaClient.awaitQuota")));
    assertThat(threads).contains("LockSupport.parkNanos");
    // A sampler can catch a thread on its way into park, so not "no sample": a small share of
    // what the same time would have given as CPU, in the waiting method and in the requests' spans.
    Window window = measure();
    long cpuInTheWait = window.cpu().filter(s -> s.hasFrame("QuotaClient.awaitQuota")).count();
    long ifCpu = window.samplesIfTheRequestsTimeWereCpu();
    assertThat(cpuInTheWait).as("CPU samples in QuotaClient.awaitQuota; " + window).isLessThan(Math.round(WAITING_CPU_SHARE * ifCpu));
    assertThat(window.cpuSamplesOfRequestSpans()).as("CPU samples of the waiting requests' spans; " + window)
        .isLessThan(Math.round(WAITING_CPU_SHARE * ifCpu));
    assertThat(stop()).contains("QuotaClient.awaitQuota");
    assertThat(medianDecodeOfNewRequests()).as("decode after the stop, against %s before the drill", baseline)
        .isLessThan(baseline.plus(OFF_CPU_WAIT.dividedBy(2)));
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
    // The learner's last step: one label of that metric takes a new value on every series.
    double requestIds = promValue("count(count by (request_id) (receiver_write_requests_total{job=\"receiver\"}))");
    double series = promValue("count(receiver_write_requests_total{job=\"receiver\"})");
    assertThat(requestIds).as("distinct request_id values of receiver_write_requests_total").isGreaterThan(300).isEqualTo(series);
    stop();
    assertThat(metrics()).doesNotContain("receiver_write_requests_total");
    Waits.until("the scrape to lose the bomb's series", WAIT, () ->
        Optional.of(promValue("scrape_samples_scraped{job=\"receiver\"}")).filter(n -> n < grown - 300));
  }

  // ---- helpers ----

  /** Starts the drill with the id, through the admin port with the seed that picks it, as make drill does. */
  private Drill start(String id) {
    long seed = DrillSeeds.seedFor(id);
    Drill drill = DrillCatalog.ALL.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    uploadsBefore = stack.pyroscope().uploads().size();
    HttpResponse<String> started = Http.post(stack.adminPort(), "/drill?seed=" + seed, new byte[0], Map.of());
    assertThat(started.statusCode()).isEqualTo(200);
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

  /** Waits until the mean duration of a handler's requests over the last 20 s reaches 30 ms in Prometheus. */
  private void averageDurationOf(String handler) {
    String promql = "sum(rate(http_request_duration_seconds_sum{job=\"receiver\",handler=\"" + handler + "\"}[20s]))"
        + " / sum(rate(http_request_duration_seconds_count{job=\"receiver\",handler=\"" + handler + "\"}[20s]))";
    Waits.until("the mean duration of " + handler + " to reach 30 ms", WAIT, () ->
        Optional.of(promValue(promql)).filter(d -> d >= 0.03));
  }

  /** A recent trace of the receiver whose decode span took at least that long. */
  private JaegerTrace aTraceWithDecodeOfAtLeast(Duration at) {
    return Waits.until("a trace with decode of " + at.toMillis() + " ms or more", WAIT, () ->
        tracesWithDecodeOfAtLeast(at).stream().findFirst());
  }

  /** The receiver's traces of the last minute whose decode span took at least that long. */
  private List<JaegerTrace> tracesWithDecodeOfAtLeast(Duration at) {
    long now = System.currentTimeMillis() * 1000;
    return stack.jaeger().api("/api/traces?service=receiver&operation=decode&minDuration="
        + at.toMillis() + "ms&start=" + (now - 60_000_000L) + "&end=" + now + "&limit=20")
        .map(JaegerTrace::all).orElse(List.of());
  }

  /** The trace's root span; empty while Jaeger has only its children (they end, and are exported, first). */
  private static Optional<JaegerTrace.Span> root(JaegerTrace trace) {
    return trace.spans().stream().filter(s -> s.parentId().isEmpty()).findFirst();
  }

  /** A span's ID as the profiler labels samples with it: the 16 hex digits read as a signed 64-bit number. */
  private static long profileLabel(JaegerTrace.Span span) {
    return Long.parseUnsignedLong(span.id(), 16);
  }

  /** The median duration of the decode span of five new 1.0 requests, sent one after another. */
  private Duration medianDecodeOfNewRequests() {
    List<String> traceIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = Http.post(stack.publicPort(), "/api/v1/write", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
      assertThat(response.statusCode()).isEqualTo(204);
      traceIds.add(response.headers().firstValue("X-Trace-Id").orElseThrow());
    }
    List<Duration> decodes = new ArrayList<>();
    for (String traceId : traceIds) {
      JaegerTrace trace = Waits.until("trace " + traceId, WAIT, () -> stack.jaeger().api("/api/traces/" + traceId)
          .map(JaegerTrace::of).filter(t -> t.span("decode").isPresent()));
      decodes.add(Duration.ofNanos(trace.span("decode").orElseThrow().durationMicros() * 1000));
    }
    Collections.sort(decodes);
    return decodes.get(decodes.size() / 2);
  }

  /** The JFR samples uploaded since the drill started. */
  private List<JfrSamples.Sample> newSamples() {
    List<ProfileSink.Upload> all = stack.pyroscope().uploads();
    return JfrSamples.of(all.subList(Math.min(uploadsBefore, all.size()), all.size()));
  }

  /**
   * The samples of two uploads whose profiles begin a second or more after the instant, when
   * requests that were in flight then have ended. Not empty: the senders keep the receiver busy.
   */
  private List<JfrSamples.Sample> samplesOfUploadsAfter(Instant instant) {
    Instant from = instant.plusSeconds(1);
    List<ProfileSink.Upload> after = Waits.until("two profile uploads that begin after " + from, WAIT, () -> {
      List<ProfileSink.Upload> uploads = stack.pyroscope().uploads().stream().filter(u -> !u.from().isBefore(from)).toList();
      return uploads.size() >= 2 ? Optional.of(uploads) : Optional.empty();
    });
    List<JfrSamples.Sample> samples = JfrSamples.of(after);
    assertThat(samples).as("samples of the uploads after " + from).isNotEmpty();
    return samples;
  }

  /**
   * {@link #MEASURE} of the drill's traffic: the time the receiver's remote-write requests took
   * (from its own /metrics, at both ends) and the JFR samples taken meanwhile.
   */
  private Window measure() {
    String before = metrics();
    Instant from = Instant.now();
    try {
      Thread.sleep(MEASURE.toMillis()); // a window of fixed length to count in, not a wait for readiness
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Instant to = Instant.now();
    double requestSeconds = requestSeconds(metrics()) - requestSeconds(before);
    List<ProfileSink.Upload> covering = Waits.until("a profile upload that covers " + to, WAIT, () -> {
      List<ProfileSink.Upload> uploads = stack.pyroscope().uploads();
      return uploads.stream().anyMatch(u -> u.until().isAfter(to)) ? Optional.of(uploads) : Optional.empty();
    });
    List<JfrSamples.Sample> samples = JfrSamples.of(covering.stream()
        .filter(u -> u.until().isAfter(from) && u.from().isBefore(to)).toList()).stream()
        .filter(s -> !s.time().isBefore(from) && s.time().isBefore(to)).toList();
    Window window = new Window(requestSeconds, samples);
    System.out.println("measured: " + window); // into the failsafe report, for the ratios' margins
    assertThat(window.requestSeconds()).as("remote-write time in the window: the senders ran").isGreaterThan(1);
    return window;
  }

  private static double requestSeconds(String metrics) {
    return MetricsText.sum(metrics, "http_request_duration_seconds_sum", "handler", REMOTE_WRITE_HANDLERS);
  }

  /** What a stretch of the drill shows: the time its remote writes took, and the samples taken meanwhile. */
  private record Window(double requestSeconds, List<JfrSamples.Sample> samples) {

    Stream<JfrSamples.Sample> cpu() {
      return samples.stream().filter(JfrSamples.Sample::isCpu);
    }

    /** CPU samples labelled with a request's span (the extension labels root spans, 0 elsewhere). */
    long cpuSamplesOfRequestSpans() {
      return cpu().filter(s -> s.spanId() != 0).count();
    }

    /** The CPU samples the requests' time would have given, had it all been CPU. */
    long samplesIfTheRequestsTimeWereCpu() {
      return Math.round(requestSeconds * 1000 / SAMPLE_EVERY.toMillis());
    }

    @Override
    public String toString() {
      return String.format("%.1f s of requests (%d CPU samples if it were CPU), %d CPU samples, %d of them in request spans",
          requestSeconds, samplesIfTheRequestsTimeWereCpu(), cpu().count(), cpuSamplesOfRequestSpans());
    }
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
