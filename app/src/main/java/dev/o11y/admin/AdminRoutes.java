package dev.o11y.admin;

import dev.o11y.drills.ActiveScenario;
import dev.o11y.drills.Scenario;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The internal port: health, readiness, metrics and the demo-scenario switch. */
public final class AdminRoutes {

  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OK = "{\"http\":\"OK\"}";

  private AdminRoutes() {}

  public static void register(RoutesConfig routes, Readiness readiness,
      PrometheusMeterRegistry registry, ActiveScenario scenario) {
    // region: health-routes
    routes.get("/-/healthy", ctx -> json(ctx, 200, OK));
    routes.get("/-/ready", ctx -> {
      if (readiness.isReady()) {
        json(ctx, 200, OK);
      } else {
        json(ctx, 503, "{\"http\":\"not ready\"}");
      }
    });
    // endregion
    routes.get("/metrics", ctx -> metrics(ctx, registry));
    routes.get("/scenario", ctx -> scenarioJson(ctx, scenario.get()));
    // region: scenario-route
    routes.post("/scenario", ctx -> {
      String name = ctx.queryParam("name");
      try {
        scenario.set(Scenario.parse(name == null ? "" : name));
      } catch (IllegalArgumentException e) {
        ctx.status(400).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
        return;
      }
      scenarioJson(ctx, scenario.get());
    });
    // endregion
  }

  /** OpenMetrics (which carries exemplars) when the scraper asks for it, else Prometheus text. */
  private static void metrics(Context ctx, PrometheusMeterRegistry registry) throws IOException {
    String accept = ctx.header("Accept");
    String contentType = accept != null && accept.contains("application/openmetrics-text")
        ? OPENMETRICS : PROMETHEUS_TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    registry.scrape(body, contentType);
    ctx.contentType(contentType).result(body.toByteArray());
  }

  private static void scenarioJson(Context ctx, Scenario current) {
    json(ctx, 200, "{\"scenario\":\"" + current.id() + "\",\"available\":\""
        + Scenario.names() + "\"}");
  }

  private static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json").result(body);
  }
}
