package dev.o11y.drills;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drill "memory leak": a copy of every request's body, kept "for replay" and never let go.
 * Bounded, so that it shows on the heap without ever taking the container down.
 */
final class ReplayLog implements Fault {

  /** A third of the heap the container gives the receiver (144 MiB, a quarter of its 576m limit). */
  static final long MAX_BYTES = 48L * 1024 * 1024;

  /** One kept request: what the heap histogram names. */
  record Entry(String requestId, byte[] body) {}

  private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean cleared;

  @Override
  public void afterWrite(FaultedRequest request) {
    keepForReplay(request);
  }

  void keepForReplay(FaultedRequest request) {
    if (!cleared && bytes.addAndGet(request.body().length) <= MAX_BYTES) {
      entries.add(new Entry(request.requestId(), request.body().clone()));
    } else {
      bytes.addAndGet(-request.body().length);
    }
  }

  /** How many requests it holds. */
  int size() {
    return entries.size();
  }

  @Override
  public void clear() {
    cleared = true;
    entries.clear();
  }
}
