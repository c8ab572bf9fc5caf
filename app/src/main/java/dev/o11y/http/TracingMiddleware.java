package dev.o11y.http;

import io.javalin.http.Handler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The OpenTelemetry agent starts the server span; this hands its trace ID back to the caller
 * (X-Trace-Id) so that a person can copy it from curl into Jaeger, Loki or Grafana.
 */
public final class TracingMiddleware implements Middleware {

  public static final String HEADER = "X-Trace-Id";

  @Override
  // region: trace-id-header
  public Handler wrap(String route, Handler next) {
    return ctx -> {
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        ctx.header(HEADER, span.getTraceId());
      }
      next.handle(ctx);
    };
  }
  // endregion
}
