package dev.o11y.http;

import io.javalin.http.Handler;

/** One concern around a route's handler, as Go's func(http.Handler) http.Handler. */
@FunctionalInterface
public interface Middleware {

  /**
   * @param route the route's name (its path template, never the raw path), for labels
   * @param next the handler to call
   */
  Handler wrap(String route, Handler next);
}
