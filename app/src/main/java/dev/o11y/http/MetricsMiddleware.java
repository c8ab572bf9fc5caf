package dev.o11y.http;

import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The talk's middleware metrics, labelled by code, handler (the route) and method:
 * http_request_duration_seconds (histogram), http_request_size_bytes and
 * http_response_size_bytes (summaries), http_requests_total, and the requests in flight.
 */
public final class MetricsMiddleware implements Middleware {

  // region: metrics-buckets
  /** The talk's buckets, in seconds: fine below a second, coarse up to two minutes. */
  static final double[] BUCKETS = {0.001, 0.01, 0.1, 0.3, 0.6, 1, 3, 6, 9, 20, 30, 60, 90, 120};
  // endregion

  private final MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();

  public MetricsMiddleware(MeterRegistry registry, String server) {
    this.registry = registry;
    Gauge.builder("http.requests.in.flight", inFlight, AtomicInteger::get)
        .description("Requests being served right now.")
        .tag("server", server)
        .register(registry);
  }

  /** The meters of one (route, method, code), looked up once rather than built per request. */
  private record Meters(Timer duration, DistributionSummary requestSize, DistributionSummary responseSize,
      Counter requests) {}

  private record Key(String route, String method, int code) {}

  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

  private Meters meters(Key key) {
    return meters.computeIfAbsent(key, k -> {
      String code = Integer.toString(k.code());
      Tags tags = Tags.of("code", code, "handler", k.route(), "method", k.method());
      return new Meters(
          Timer.builder("http.request.duration")
              .description("Time to serve a request.")
              .tags(tags)
              .serviceLevelObjectives(Arrays.stream(BUCKETS)
                  .mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new))
              .register(registry),
          DistributionSummary.builder("http.request.size")
              .description("Size of request bodies.").baseUnit("bytes").tags(tags).register(registry),
          DistributionSummary.builder("http.response.size")
              .description("Size of response bodies.").baseUnit("bytes").tags(tags).register(registry),
          Counter.builder("http.requests").description("Requests served.").tags(tags).register(registry));
    });
  }

  @Override
  // region: metrics-middleware
  public Handler wrap(String route, Handler next) {
    return ctx -> {
      inFlight.incrementAndGet();
      long start = System.nanoTime();
      try {
        next.handle(ctx);
      } finally {
        long elapsed = System.nanoTime() - start;
        inFlight.decrementAndGet();
        Meters m = meters(new Key(route, ctx.method().name(), ctx.statusCode()));
        m.duration().record(elapsed, TimeUnit.NANOSECONDS);
        m.requestSize().record(Math.max(ctx.req().getContentLengthLong(), 0));
        m.responseSize().record(resultSize(ctx.resultInputStream()));
        m.requests().increment();
      }
    };
  }
  // endregion

  /** Javalin writes the result after the handler returns; its stream knows the size in advance. */
  private static long resultSize(InputStream result) throws IOException {
    return result == null ? 0 : result.available();
  }
}
