package dev.o11y.http;

import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import io.javalin.router.HandlerWrapper;
import java.util.List;

/**
 * Wraps every route in the same middlewares, first listed outermost:
 * request ID, tracing, metrics, logging, then the handler.
 */
public final class MiddlewareChain implements HandlerWrapper {

  private final List<Middleware> outermostFirst;

  public MiddlewareChain(Middleware... outermostFirst) {
    this.outermostFirst = List.of(outermostFirst);
  }

  @Override
  public Handler wrap(Endpoint endpoint) {
    if (!endpoint.method.isHttpMethod()) {
      return endpoint.handler;
    }
    Handler handler = endpoint.handler;
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      handler = outermostFirst.get(i).wrap(endpoint.path, handler);
    }
    return handler;
  }
}
