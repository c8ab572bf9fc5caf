package dev.o11y.receiver;

import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RejectedRequest;
import java.util.concurrent.Semaphore;

/**
 * The heap that requests in flight may hold at once: their compressed bodies and decoded
 * buffers. The concurrency limit alone does not bound it: 16 requests of 8 MiB that decode to
 * 64 MiB each would need more than a small container's heap. With the budget spent, the
 * receiver answers 503 with Retry-After and the sender retries, instead of running out of heap.
 */
public final class MemoryBudget {

  /** Reserved bytes, given back when closed. */
  public interface Reservation extends AutoCloseable {
    @Override
    void close();
  }

  private static final int KIB = 1024; // one permit: a semaphore counts in ints

  private final long limitBytes;
  private final int limitKib;
  private final Semaphore freeKib;

  public MemoryBudget(long limitBytes) {
    this.limitBytes = limitBytes;
    this.limitKib = (int) Math.min(Integer.MAX_VALUE, limitBytes / KIB);
    this.freeKib = new Semaphore(limitKib);
  }

  /** Half the heap the JVM may grow to: the rest is for everything else the service keeps. */
  public static long halfTheHeap() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  public long limitBytes() {
    return limitBytes;
  }

  public long inUseBytes() {
    return (long) (limitKib - freeKib.availablePermits()) * KIB;
  }

  // region: memory-budget
  /** Takes the bytes now or refuses: 413 if they could never fit, 503 if they don't fit now. */
  public Reservation reserve(long bytes) {
    long kib = (bytes + KIB - 1) / KIB;
    if (kib > limitKib) {
      throw new RejectedRequest(RejectReason.OVER_MEMORY_BUDGET, "request needs " + bytes
          + " bytes in memory, more than the receiver's in-flight budget of " + limitBytes + " bytes");
    }
    int permits = (int) kib;
    if (!freeKib.tryAcquire(permits)) {
      throw new RejectedRequest(RejectReason.OVERLOADED,
          "overloaded: in-flight memory budget of " + limitBytes + " bytes in use, retry later");
    }
    return () -> freeKib.release(permits);
  }
  // endregion
}
