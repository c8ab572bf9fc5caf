package dev.o11y.http;

import dev.o11y.telemetry.Durations;
import io.javalin.http.Handler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Innermost middleware: turns an unexpected exception into a 500 that is logged once, and
 * logs slow requests at warn with their trace_id, like the talk's slow query log.
 */
public final class LoggingMiddleware implements Middleware {

  private static final Logger log = LoggerFactory.getLogger(LoggingMiddleware.class);

  private final Duration slowRequestThreshold;

  public LoggingMiddleware(Duration slowRequestThreshold) {
    this.slowRequestThreshold = slowRequestThreshold;
  }

  @Override
  public Handler wrap(String route, Handler next) {
    return ctx -> {
      long start = System.nanoTime();
      try {
        next.handle(ctx);
      } catch (Exception e) {
        ctx.status(500).contentType("text/plain; charset=utf-8").result("internal error: " + e.getMessage() + "\n");
        log.atError().setCause(e).addKeyValue("handler", route).log("request failed");
      } finally {
        // region: slow-request-log
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (elapsed.compareTo(slowRequestThreshold) > 0) {
          log.atWarn()
              .addKeyValue("handler", route)
              .addKeyValue("method", ctx.method().name())
              .addKeyValue("code", ctx.statusCode())
              .addKeyValue("duration", Durations.format(elapsed))
              .addKeyValue("threshold", Durations.format(slowRequestThreshold))
              .log("slow request");
        // endregion
        } else if (log.isDebugEnabled()) {
          log.atDebug()
              .addKeyValue("handler", route)
              .addKeyValue("method", ctx.method().name())
              .addKeyValue("code", ctx.statusCode())
              .addKeyValue("duration", Durations.format(elapsed))
              .log("request served");
        }
      }
    };
  }
}
