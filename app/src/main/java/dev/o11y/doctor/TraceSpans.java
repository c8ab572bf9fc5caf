package dev.o11y.doctor;

import java.util.List;
import java.util.Set;

/** What a trace-by-ID query brought back: the trace IDs and the operations of its spans. */
public record TraceSpans(Set<String> traceIds, List<String> operations) {

  public static TraceSpans none() {
    return new TraceSpans(Set.of(), List.of());
  }
}
