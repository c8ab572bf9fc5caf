package dev.o11y.drills;

import java.util.List;
import java.util.Random;

/** The drills, each with its symptom, hints, answers, cause and the path through the signals. */
public final class DrillCatalog {

  private DrillCatalog() {}

  public static final List<Drill> ALL = List.of(
      new Drill("hot-method",
          "Remote write got slow a minute ago, and the receiver's CPU went up with it.",
          List.of(
              "Receiver overview, *Request duration*: when did p99 change? Click a dot there, then Trace in Explore.",
              "In the trace, which span holds the time? Open the server span: its flame graph, or Profile of this span.",
              "In the CPU flame graph of that span (or the walkthrough's *4. Where the CPU went*), which method is widest under decode?"),
          List.of("SampleValidator.validateEverySampleTwice", "validateEverySampleTwice", "SampleValidator",
              "hot method", "cpu hot spot", "hot loop"),
          "dev.o11y.drills.SampleValidator.validateEverySampleTwice, about 60 ms of CPU in a request's decode span, one request at a time (one core at most)",
          List.of(
              "Request duration: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"receiver\"}[1m]))) rises",
              "an exemplar's trace: the decode span takes the time",
              "the root span's CPU profile (process_cpu, span selector = its ID): SampleValidator.validateEverySampleTwice is the widest frame"),
          "A CPU profile labelled with the request's span names the method that burns the time; the trace only says where.",
          registry -> new SampleValidator()),
      new Drill("lock-contention",
          "Remote write got slow, and slower the more senders write at once, yet the receiver's CPU is idle.",
          List.of(
              "Receiver overview: *Request duration* rises, *CPU usage (process)* does not. What else makes a request wait?",
              "A trace of a slow request: which span holds the time, and is there CPU in its flame graph?",
              "Receiver overview, *Lock contention* (or Pyroscope's lock profile types): which method waits?"),
          List.of("SeriesRegistry.refreshUnderGlobalLock", "refreshUnderGlobalLock", "SeriesRegistry",
              "lock contention", "lock", "contention", "synchronized", "mutex", "monitor"),
          "dev.o11y.drills.SeriesRegistry.refreshUnderGlobalLock: one lock every request takes, held 50 ms each",
          List.of(
              "Request duration rises with concurrent senders; process CPU stays flat",
              "a slow trace: decode takes the time, and its CPU flame graph is nearly empty",
              "the lock profile (mutex, delay or contentions): SeriesRegistry.refreshUnderGlobalLock waits on a monitor"),
          "Time that is neither CPU nor sleep can be a queue on a lock; the lock profile names who waits where.",
          registry -> new SeriesRegistry()),
      new Drill("allocation-churn",
          "Since a minute ago, now and then a remote write takes much longer than the rest: the latency tail grew.",
          List.of(
              "Receiver overview: compare p50 with p99 of *Request duration*, then look at *GC pauses per second*.",
              "The collector runs far more often than before: what fills the heap that fast?",
              "Receiver overview, *Allocations* (or Pyroscope's memory profile types): which method allocates most?"),
          List.of("ScratchBuffers.allocateFreshBuffers", "allocateFreshBuffers", "ScratchBuffers",
              "allocation churn", "allocations", "allocation", "garbage", "gc pressure"),
          "dev.o11y.drills.ScratchBuffers.allocateFreshBuffers: 16 MiB of short-lived buffers per request",
          List.of(
              "Request duration: p99 drifts away from p50",
              "GC: rate(jvm_gc_pause_seconds_count{job=\"receiver\"}[1m]) climbs",
              "the allocation profile (memory:alloc_in_new_tlab_bytes): ScratchBuffers.allocateFreshBuffers allocates most"),
          "Garbage costs twice: the allocation, and the pauses of the collector that clears it. The allocation profile finds the source.",
          registry -> new ScratchBuffers()),
      new Drill("off-cpu",
          "Every remote write takes about a third of a second longer than it did a minute ago.",
          List.of(
              "Click a dot in *Request duration*: which span of the trace holds the extra time?",
              "Open that span: is there a flame graph under it? Grafana draws none when the profiler caught no CPU in the span.",
              "Time without CPU is waiting: while requests are in flight, read /debug/threads on the receiver's admin port (make urls prints it)."),
          List.of("QuotaClient.awaitQuota", "awaitQuota", "QuotaClient",
              "off cpu", "off-cpu", "waiting", "wait", "sleep", "sleeping", "parked", "blocked"),
          "dev.o11y.drills.QuotaClient.awaitQuota: every request waits 300 ms inside decode, without CPU",
          List.of(
              "Request duration: every request 300 ms slower",
              "the trace: decode takes 300 ms; its CPU profile is empty",
              "/debug/threads on the admin port while requests run: threads parked in QuotaClient.awaitQuota"),
          "A CPU profile shows where CPU goes, not where time goes: an empty profile under a long span means waiting.",
          registry -> new QuotaClient()),
      new Drill("one-protocol-fails",
          "Prometheus says its remote-write sends are failing since a minute ago; the load generator counts failures too.",
          List.of(
              "Receiver overview, *Request rate by handler and code*: which code, and which handler?",
              "Explore, Loki: {service_name=\"receiver\"} with level ERROR. Which requests fail? Open one's trace_id.",
              "In the trace, the failing span's status and attributes: which remote_write.version, and which method in its exception?"),
          List.of("SymbolInterner.internSymbols", "internSymbols", "SymbolInterner",
              "remote write 2.0", "2.0", "v2", "version 2", "protocol 2.0", "rw2"),
          "dev.o11y.drills.SymbolInterner.internSymbols throws on every remote write 2.0 request: 500, while 1.0 goes through",
          List.of(
              "sum by (code, handler) (rate(http_request_duration_seconds_count{job=\"receiver\"}[1m])): 500s appear",
              "Loki: {service_name=\"receiver\"} |= \"request failed\": error lines with trace IDs and the exception",
              "the decode span: status ERROR, remote_write.version 2.0, exception from SymbolInterner.internSymbols"),
          "Errors often belong to one kind of input: split the error rate by what differs (handler, version, sender) and read one failing trace.",
          registry -> new SymbolInterner()),
      new Drill("memory-leak",
          "The receiver's memory keeps growing since a minute ago, and does not come back down.",
          List.of(
              "Receiver overview, *Heap and non-heap used*: does the floor after each collection rise?",
              "Receiver overview, *Allocations*: who allocates on every request, and keeps it?",
              "Who keeps it? /debug/heap-histogram on the receiver's admin port: look for classes of this project (dev.o11y)."),
          List.of("ReplayLog.keepForReplay", "keepForReplay", "ReplayLog", "ReplayLog.Entry", "ReplayLog$Entry",
              "memory leak", "leak", "leaking"),
          "dev.o11y.drills.ReplayLog.keepForReplay keeps a copy of every request's body (a ReplayLog.Entry each), up to 48 MiB",
          List.of(
              "jvm_memory_used_bytes{job=\"receiver\",area=\"heap\"}: the floor after each GC climbs",
              "the allocation profile: ReplayLog.keepForReplay copies every body",
              "/debug/heap-histogram: dev.o11y.drills.ReplayLog$Entry, more with every request"),
          "A leak shows as a rising floor, not a peak; the allocation profile says who allocates, the heap histogram who holds on.",
          registry -> new ReplayLog()),
      new Drill("cardinality-bomb",
          "Prometheus got busier since a minute ago, and its scrape of the receiver keeps growing.",
          List.of(
              "Receiver overview, *Series the receiver exposes*: how big is its scrape, and since when is it growing?",
              "Which metric has the most series? topk(5, count by (__name__) ({job=\"receiver\"}))",
              "Look at a few series of that metric: which label takes a new value every time?"),
          List.of("receiver_write_requests_total", "receiver_write_requests", "request_id",
              "cardinality", "cardinality bomb", "high cardinality", "label cardinality", "too many series"),
          "receiver_write_requests_total{request_id=...}: a label with a new value per request, a new series each (at most 5000)",
          List.of(
              "scrape_samples_scraped{job=\"receiver\"} climbs",
              "topk(5, count by (__name__) ({job=\"receiver\"})): receiver_write_requests_total leads",
              "its label request_id differs on every series"),
          "A label's values multiply a metric's series: an ID in a label costs a series per request, in every scrape.",
          WriteRequestCounter::new));

  /** The drill a seed picks: the same seed, the same drill, so a room can share one. */
  public static Drill pick(long seed) {
    return ALL.get(new Random(seed).nextInt(ALL.size()));
  }

  /** Every drill whose answers the text matches. */
  static List<Drill> matching(String answer) {
    return ALL.stream().filter(d -> d.accepts(answer)).toList();
  }
}
