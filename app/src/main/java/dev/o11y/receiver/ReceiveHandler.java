package dev.o11y.receiver;

import dev.o11y.drills.Fault;
import dev.o11y.drills.FaultedRequest;
import dev.o11y.http.RequestIdMiddleware;
import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RejectedRequest;
import dev.o11y.remotewrite.RemoteWriteVersion;
import dev.o11y.remotewrite.SeriesListing;
import dev.o11y.remotewrite.SnappyDecoder;
import dev.o11y.remotewrite.WireDecoder;
import dev.o11y.remotewrite.WriteSummary;
import dev.o11y.telemetry.Durations;
import dev.o11y.telemetry.Spans;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /receive and /api/v1/write: negotiate the version, decode (snappy), unmarshal
 * (protobuf), validate, count, answer 204. Each refusal is a 4xx with a one-line reason; a
 * request with some invalid series writes the others and is answered 400 (a partial write).
 * Every answer to a 2.0 request says how much was written, success or failure.
 */
public final class ReceiveHandler implements Handler {

  private static final Logger log = LoggerFactory.getLogger(ReceiveHandler.class);
  private static final String BYTES_ATTRIBUTE = "receiver.request.bytes";
  private static final String VERSION_ATTRIBUTE = "receiver.request.version";

  private final long maxRequestBytes;
  private final SnappyDecoder snappy;
  private final Semaphore concurrency;
  private final MemoryBudget memory;
  private final BooleanSupplier accepting;
  private final ReceiverMetrics metrics;
  private final Fault fault;

  /** {@code fault}: the demo scenario and the drill in force, called at three seams of each request. */
  public ReceiveHandler(long maxRequestBytes, long maxDecodedBytes, int maxConcurrentRequests,
      MemoryBudget memory, ReceiverMetrics metrics, Fault fault, BooleanSupplier accepting) {
    this.accepting = accepting;
    this.maxRequestBytes = maxRequestBytes;
    this.concurrency = new Semaphore(maxConcurrentRequests);
    this.memory = memory;
    this.snappy = new SnappyDecoder(maxDecodedBytes);
    this.metrics = metrics;
    this.fault = fault;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    long start = System.nanoTime();
    // region: refuse-while-draining
    // Shutting down: a sender on a kept-alive connection must not start a new request, so the
    // drain can end; it closes the connection and retries elsewhere.
    if (!accepting.getAsBoolean()) {
      unavailable(ctx.header("Connection", "close"), "shutting down, retry later");
      return;
    }
    // endregion
    // Saturated: say so at once, and let the sender retry, rather than queue without bound.
    if (!concurrency.tryAcquire()) {
      metrics.rejected(RejectReason.OVERLOADED);
      unavailable(ctx, "overloaded: too many requests in flight, retry later");
      return;
    }
    try {
      WriteSummary summary = receive(ctx);
      metrics.received(summary);
      written(ctx, summary.version(), summary.samples(), summary.histograms(), summary.exemplars());
      if (summary.partial()) {
        partial(ctx, summary);
        return;
      }
      ctx.status(204);
      // region: request-log-line
      log.atInfo()
          .addKeyValue("version", summary.version().label())
          .addKeyValue("series", summary.series())
          .addKeyValue("samples", summary.samples())
          .addKeyValue("bytes", (Object) ctx.attribute(BYTES_ATTRIBUTE))
          .addKeyValue("duration", Durations.format(Duration.ofNanos(System.nanoTime() - start)))
          .log("remote write request received");
      // endregion
    } catch (RejectedRequest e) {
      metrics.rejected(e.rejectReason());
      written(ctx, ctx.attribute(VERSION_ATTRIBUTE), 0, 0, 0);
      if (e.status() == 503) { // overloaded, like the concurrency limit above: no log line each
        unavailable(ctx, e.getMessage());
        return;
      }
      ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
      (e.status() >= 500 ? log.atError() : log.atWarn())
          .addKeyValue("status", e.status())
          .addKeyValue("reason", e.reason())
          .addKeyValue("error", e.getMessage())
          .log("remote write request rejected");
    } finally {
      concurrency.release();
    }
  }

  /** 2.0 only: how many of each kind were written (1.0 senders cannot read these headers). */
  private static void written(Context ctx, RemoteWriteVersion version, long samples, long histograms, long exemplars) {
    if (version == RemoteWriteVersion.V2) {
      ctx.header("X-Prometheus-Remote-Write-Samples-Written", Long.toString(samples));
      ctx.header("X-Prometheus-Remote-Write-Histograms-Written", Long.toString(histograms));
      ctx.header("X-Prometheus-Remote-Write-Exemplars-Written", Long.toString(exemplars));
    }
  }

  /** Some series refused, the rest written: 400, so the sender does not retry, with the counts. */
  private static void partial(Context ctx, WriteSummary summary) {
    WriteSummary.Refusals refused = summary.refused();
    String message = "remote write " + summary.version().label() + ": " + refused.series() + " of "
        + (refused.series() + summary.series()) + " series refused (" + refused.first().label() + "): "
        + refused.firstProblem() + "; the other " + summary.series() + " written (" + summary.samples()
        + " samples, " + summary.histograms() + " histograms, " + summary.exemplars() + " exemplars)";
    ctx.status(400).contentType("text/plain; charset=utf-8").result(message + "\n");
    log.atWarn()
        .addKeyValue("status", 400)
        .addKeyValue("reason", refused.first().label())
        .addKeyValue("version", summary.version().label())
        .addKeyValue("series", summary.series())
        .addKeyValue("samples", summary.samples())
        .addKeyValue("series_refused", refused.series())
        .addKeyValue("error", message)
        .log("remote write request partly rejected");
  }

  private static void unavailable(Context ctx, String reason) {
    ctx.status(503).header("Retry-After", "1").contentType("text/plain; charset=utf-8").result(reason + "\n");
  }

  private WriteSummary receive(Context ctx) throws InterruptedException {
    RemoteWriteVersion version = RemoteWriteVersion.negotiate(
        ctx.header("Content-Type"), ctx.header("Content-Encoding"));
    ctx.attribute(VERSION_ATTRIBUTE, version);
    long declaredLength = ctx.req().getContentLengthLong();
    // A chunked body may grow to the limit, so that much is reserved for it.
    try (MemoryBudget.Reservation body = memory.reserve(
        declaredLength >= 0 ? Math.min(declaredLength, maxRequestBytes) : maxRequestBytes)) {
      byte[] compressed = BoundedBody.read(ctx.bodyInputStream(), declaredLength, maxRequestBytes);
      ctx.attribute(BYTES_ATTRIBUTE, compressed.length);
      try (MemoryBudget.Reservation decoded = memory.reserve(snappy.decodedLength(compressed))) {
        FaultedRequest request = new FaultedRequest(version.label(), compressed, ctx.attribute(RequestIdMiddleware.MDC_KEY));
        WriteSummary summary = decodeAndCount(version, compressed, request);
        fault.afterWrite(request);
        return summary;
      }
    }
  }

  private WriteSummary decodeAndCount(RemoteWriteVersion version, byte[] compressed, FaultedRequest request)
      throws InterruptedException {
    fault.beforeDecode(request);

    // region: decode-spans
    byte[] decoded = Spans.inSpan("decode", span -> {
      span.setAttribute("remote_write.version", version.label());
      span.setAttribute("bytes.in", compressed.length);
      fault.duringDecode(request);
      byte[] out = snappy.decode(compressed);
      span.setAttribute("bytes.out", out.length);
      return out;
    });

    WriteSummary summary = Spans.inSpan("unmarshal", span -> {
      span.setAttribute("remote_write.version", version.label());
      span.setAttribute("bytes.in", decoded.length);
      WriteSummary counted = WireDecoder.decode(version, decoded);
      span.setAttribute("series", counted.series());
      span.setAttribute("samples", counted.samples());
      return counted;
    });
    // endregion

    if (log.isDebugEnabled()) {
      SeriesListing.forEachSeries(version, decoded, (labels, values, timestamps) -> {
        for (int i = 0; i < values.size(); i++) {
          log.atDebug().addKeyValue("series", labels).addKeyValue("value", values.get(i))
              .addKeyValue("timestamp", timestamps.get(i)).log("sample");
        }
      });
    }
    return summary;
  }
}
