package dev.o11y.drills;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill "cardinality bomb": a counter of write requests labelled with each request's ID, so
 * every request adds a series to the receiver's own metrics. Bounded in series.
 */
final class WriteRequestCounter implements Fault {

  static final int MAX_SERIES = 5000;

  private final MeterRegistry registry;
  private final List<Counter> counters = new ArrayList<>();
  private boolean cleared;

  WriteRequestCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  // Synchronized with clear(): a request still in flight when the drill stops adds no series after.
  @Override
  public synchronized void afterWrite(FaultedRequest request) {
    if (!cleared && counters.size() < MAX_SERIES) {
      Counter counter = Counter.builder("receiver.write.requests")
          .description("Remote-write requests written.")
          .tag("version", request.version())
          .tag("request_id", request.requestId())
          .register(registry);
      counter.increment();
      counters.add(counter);
    }
  }

  @Override
  public synchronized void clear() {
    cleared = true;
    counters.forEach(registry::remove);
    counters.clear();
  }
}
