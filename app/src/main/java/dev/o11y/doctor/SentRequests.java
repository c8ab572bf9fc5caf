package dev.o11y.doctor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The doctor's requests to the receiver, by trace ID. Each histogram series keeps one exemplar
 * per bucket for at least 7 s (client_java's ExemplarSampler), so another request may hold the
 * bucket when Prometheus scrapes: while none of ours is an exemplar, the doctor sends another
 * each scrape interval, and follows the first of its requests that Prometheus kept.
 */
public final class SentRequests {

  private final List<String> traceIds = new CopyOnWriteArrayList<>();
  private final Supplier<String> another;
  private final Duration every;
  private Instant lastSent = Instant.now();
  private String exemplified;

  private SentRequests(String first, Supplier<String> another, Duration every) {
    this.traceIds.add(first);
    this.another = another;
    this.every = every;
  }

  /** Requests already sent, and no more: to ask whether Prometheus holds these. */
  public static SentRequests only(String traceId) {
    return new SentRequests(traceId, null, Duration.ZERO);
  }

  /** The first request, and {@code another} to send one more {@code every} while none is an exemplar. */
  public static SentRequests startingWith(String traceId, Supplier<String> another, Duration every) {
    return new SentRequests(traceId, another, every);
  }

  public List<String> traceIds() {
    return List.copyOf(traceIds);
  }

  /** The first request's trace ID. */
  public String first() {
    return traceIds.get(0);
  }

  void sendAnotherWhenDue() {
    if (another != null && Instant.now().isAfter(lastSent.plus(every))) {
      lastSent = Instant.now();
      try {
        traceIds.add(another.get());
      } catch (ReceiverClient.WriteRefused e) {
        // A refused request leaves no exemplar of its own; the next one may.
      }
    }
  }

  void exemplified(String traceId) {
    exemplified = traceId;
  }

  /** The request whose exemplar Prometheus keeps, once one does. */
  public Optional<String> exemplified() {
    return Optional.ofNullable(exemplified);
  }
}
