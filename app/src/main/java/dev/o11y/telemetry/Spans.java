package dev.o11y.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Consumer;

/**
 * Child spans for the steps of a request, as the talk's decode and unmarshal spans.
 * Without the OpenTelemetry agent the API is a no-op and this costs next to nothing.
 */
public final class Spans {

  private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("dev.o11y.receiver");

  private Spans() {}

  /** A step that returns a value and may throw; the span records the error and its status. */
  @FunctionalInterface
  public interface Step<T> {
    T run(Span span);
  }

  // region: child-spans
  public static <T> T inSpan(String name, Step<T> step) {
    Span span = TRACER.spanBuilder(name).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return step.run(span);
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getMessage());
      throw e;
    } finally {
      span.end();
    }
  }
  // endregion

  /** Adds attributes to the current (server) span, if there is one. */
  public static void current(Consumer<Span> action) {
    Span span = Span.current();
    if (span.getSpanContext().isValid()) {
      action.accept(span);
    }
  }
}
