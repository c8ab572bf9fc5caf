package dev.o11y.drills;

/**
 * Drill "allocation churn": fresh scratch buffers for every request, 16 MiB of garbage each,
 * which the collector must clear: more pauses, and a longer tail of slow requests.
 */
final class ScratchBuffers implements Fault {

  static final int BUFFER_BYTES = 64 * 1024;
  static final int BUFFERS = 256;

  /** Where the buffers' checksum goes, so that the JIT cannot drop the allocations. */
  private volatile long sink;

  @Override
  public void duringDecode(FaultedRequest request) {
    sink += allocateFreshBuffers(request.body());
  }

  static long allocateFreshBuffers(byte[] body) {
    long sum = 0;
    for (int i = 0; i < BUFFERS; i++) {
      byte[] buffer = new byte[BUFFER_BYTES];
      buffer[i] = body.length == 0 ? 1 : body[i % body.length];
      sum += buffer[i];
    }
    return sum;
  }
}
