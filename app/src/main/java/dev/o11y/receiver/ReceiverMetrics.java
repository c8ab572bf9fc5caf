package dev.o11y.receiver;

import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RemoteWriteVersion;
import dev.o11y.remotewrite.WriteSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts what arrives: the receiver_* counters of the talk's backend, by protocol version,
 * and every refusal by reason. All of them exist from the start, at zero, so that a
 * dashboard panel shows a flat line rather than "No data" before the first one.
 */
public final class ReceiverMetrics {

  /** The accepted-data counters of one protocol version. */
  private record Received(Counter series, Counter samples, Counter exemplars, Counter histograms, Counter metadata) {}

  private final Map<RemoteWriteVersion, Received> received = new EnumMap<>(RemoteWriteVersion.class);
  private final Map<RejectReason, Counter> rejectedRequests = new EnumMap<>(RejectReason.class);
  private final Map<RejectReason, Counter> rejectedSeries = new EnumMap<>(RejectReason.class);
  private final MeterRegistry registry;

  // region: receiver-counters
  public ReceiverMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (RemoteWriteVersion version : RemoteWriteVersion.values()) {
      received.put(version, new Received(
          counter("receiver.series.received", "Time series received by remote write.", version),
          counter("receiver.samples.received", "Samples received by remote write.", version),
          counter("receiver.exemplars.received", "Exemplars received by remote write.", version),
          counter("receiver.histograms.received", "Native histogram samples received by remote write.", version),
          counter("receiver.metadata.received", "Metric metadata entries received by remote write.", version)));
    }
    for (RejectReason reason : RejectReason.values()) {
      rejectedRequests.put(reason, Counter.builder("receiver.requests.rejected")
          .description("Remote-write requests refused, by reason; a partial write counts with its first reason.")
          .tag("reason", reason.label()).register(registry));
      rejectedSeries.put(reason, Counter.builder("receiver.series.rejected")
          .description("Time series refused within remote-write requests, by reason (the others were written).")
          .tag("reason", reason.label()).register(registry));
    }
  }
  // endregion

  private Counter counter(String name, String help, RemoteWriteVersion version) {
    return Counter.builder(name).description(help).tag("version", version.label()).register(registry);
  }

  /** The in-flight memory budget, so that a dashboard shows how close to 503 the receiver runs. */
  public void watch(MemoryBudget memory) {
    Gauge.builder("receiver.inflight", memory, MemoryBudget::inUseBytes).baseUnit("bytes")
        .description("Heap reserved by remote-write requests in flight.").register(registry);
    Gauge.builder("receiver.inflight.limit", memory, MemoryBudget::limitBytes).baseUnit("bytes")
        .description("The in-flight memory budget (--max-inflight-bytes).").register(registry);
  }

  /** What a request wrote, and what it refused series by series. */
  public void received(WriteSummary summary) {
    Received counters = received.get(summary.version());
    counters.series().increment(summary.series());
    counters.samples().increment(summary.samples());
    counters.exemplars().increment(summary.exemplars());
    counters.histograms().increment(summary.histograms());
    counters.metadata().increment(summary.metadata());
    summary.refused().byReason().forEach((reason, series) -> rejectedSeries.get(reason).increment(series));
    if (summary.partial()) {
      rejected(summary.refused().first());
    }
  }

  public void rejected(RejectReason reason) {
    rejectedRequests.get(reason).increment();
  }
}
