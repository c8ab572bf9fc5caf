package dev.o11y.receiver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts what arrives: the receiver_* counters of the talk's backend. */
public final class ReceiverMetrics {

  private final MeterRegistry registry;
  private final Counter samples;
  private final Counter series;
  private final Counter exemplars;
  private final Counter histograms;
  private final Counter metadata;

  public ReceiverMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.samples = counter("receiver.samples.received", "Samples received by remote write.");
    this.series = counter("receiver.series.received", "Time series received by remote write.");
    this.exemplars = counter("receiver.exemplars.received", "Exemplars received by remote write.");
    this.histograms = counter("receiver.histograms.received", "Native histogram samples received by remote write.");
    this.metadata = counter("receiver.metadata.received", "Metric metadata entries received by remote write.");
  }

  private Counter counter(String name, String help) {
    return Counter.builder(name).description(help).register(registry);
  }

  /** The in-flight memory budget, so that a dashboard shows how close to 503 the receiver runs. */
  public void watch(MemoryBudget memory) {
    Gauge.builder("receiver.inflight", memory, MemoryBudget::inUseBytes).baseUnit("bytes")
        .description("Heap reserved by remote-write requests in flight.").register(registry);
    Gauge.builder("receiver.inflight.limit", memory, MemoryBudget::limitBytes).baseUnit("bytes")
        .description("The in-flight memory budget (--max-inflight-bytes).").register(registry);
  }

  public void received(WriteSummary summary) {
    samples.increment(summary.samples());
    series.increment(summary.series());
    exemplars.increment(summary.exemplars());
    histograms.increment(summary.histograms());
    metadata.increment(summary.metadata());
  }

  public void rejected(String reason) {
    Counter.builder("receiver.requests.rejected")
        .description("Remote-write requests refused, by reason.")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
