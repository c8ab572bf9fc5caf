package dev.o11y.http;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.o11y.telemetry.Spans;
import io.javalin.http.Handler;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Keeps a sane incoming X-Request-ID or makes a new ULID, and puts it everywhere it helps:
 * the response header, the logging context and the span. (The talk's version generated an
 * ID and then lost it.)
 */
public final class RequestIdMiddleware implements Middleware {

  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = "request_id";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  // region: request-id
  public Handler wrap(String route, Handler next) {
    return ctx -> {
      String id = validOrNew(ctx.header(HEADER));
      ctx.header(HEADER, id);
      ctx.attribute(MDC_KEY, id);
      Spans.current(span -> span.setAttribute("request.id", id));
      MDC.put(MDC_KEY, id);
      try {
        next.handle(ctx);
      } finally {
        MDC.remove(MDC_KEY);
      }
    };
  }

  static String validOrNew(String incoming) {
    if (incoming != null && VALID.matcher(incoming).matches()) {
      return incoming;
    }
    return UlidCreator.getMonotonicUlid().toString();
  }
  // endregion
}
