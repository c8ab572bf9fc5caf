package dev.o11y;

import dev.o11y.admin.AdminRoutes;
import dev.o11y.admin.DebugRoutes;
import dev.o11y.admin.DrillRoutes;
import dev.o11y.admin.Readiness;
import dev.o11y.config.ListenAddress;
import dev.o11y.config.ReceiverConfig;
import dev.o11y.drills.ActiveDrill;
import dev.o11y.drills.ActiveScenario;
import dev.o11y.drills.Faults;
import dev.o11y.drills.Scenario;
import dev.o11y.http.LoggingMiddleware;
import dev.o11y.http.MetricsMiddleware;
import dev.o11y.http.MiddlewareChain;
import dev.o11y.http.RequestIdMiddleware;
import dev.o11y.http.TracingMiddleware;
import dev.o11y.receiver.MemoryBudget;
import dev.o11y.receiver.ReceiveHandler;
import dev.o11y.receiver.ReceiverMetrics;
import dev.o11y.telemetry.Durations;
import dev.o11y.telemetry.Metrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two servers and their routes. The public port serves only remote write; the internal
 * port serves health, readiness, metrics, debug, the scenario switch and the drills. Tests start this
 * very class on ephemeral ports, so they exercise the real routes in the real order.
 */
public final class ReceiverServer {

  private static final Logger log = LoggerFactory.getLogger(ReceiverServer.class);

  private final ReceiverConfig config;
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();
  private final Readiness readiness = new Readiness();
  private final ActiveScenario scenario;
  private final ActiveDrill drill;
  private final MemoryBudget memory;
  private final Javalin publicServer;
  private final Javalin internalServer;

  private ReceiverServer(ReceiverConfig config) {
    this.config = config;
    this.scenario = new ActiveScenario(Scenario.parse(config.scenario), registry);
    this.drill = new ActiveDrill(registry);
    MetricsMiddleware publicMetrics = new MetricsMiddleware(registry, "public");
    this.memory = new MemoryBudget(config.maxInflightBytes != null ? config.maxInflightBytes : MemoryBudget.halfTheHeap());
    ReceiverMetrics receiverMetrics = new ReceiverMetrics(registry);
    receiverMetrics.watch(memory);
    ReceiveHandler receive = new ReceiveHandler(config.maxRequestBytes, config.maxDecodedBytes,
        config.maxConcurrentRequests, memory, receiverMetrics, new Faults(scenario, drill), readiness::isReady);

    this.publicServer = Javalin.create(javalin -> {
      base(javalin, config.listenAddress, config.readTimeout);
      javalin.router.handlerWrapper(chain(publicMetrics));
      javalin.routes.post("/receive", receive);
      javalin.routes.post("/api/v1/write", receive);
      // One-line reasons for what no route handles, like every other refusal.
      javalin.routes.error(404, "*", ctx -> plain(ctx, "not found: remote write goes to POST /receive or /api/v1/write"));
      javalin.routes.error(405, "*", ctx -> plain(ctx, "method not allowed: use POST"));
    });

    MetricsMiddleware internalMetrics = new MetricsMiddleware(registry, "internal");
    this.internalServer = Javalin.create(javalin -> {
      base(javalin, config.internalListenAddress, config.readTimeout);
      javalin.router.handlerWrapper(chain(internalMetrics));
      AdminRoutes.register(javalin.routes, readiness, registry, scenario);
      DrillRoutes.register(javalin.routes, drill);
      DebugRoutes.register(javalin.routes);
    });
  }

  // region: middleware-order
  /** Request ID, tracing, metrics, logging: the fixed order of the middlewares. */
  private MiddlewareChain chain(MetricsMiddleware metrics) {
    return new MiddlewareChain(
        new RequestIdMiddleware(),
        new TracingMiddleware(),
        metrics,
        new LoggingMiddleware(config.slowRequestThreshold));
  }
  // endregion

  private static void base(JavalinConfig javalin, ListenAddress address, Duration readTimeout) {
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    // Our own connector, so that an idle (or slow-loris) connection is closed after readTimeout.
    javalin.jetty.addConnector((server, http) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(address.host());
      connector.setPort(address.port());
      connector.setIdleTimeout(readTimeout.toMillis());
      return connector;
    });
    // Our shutdown hook drains and stops the servers in order; Jetty's own hook would race it.
    javalin.jetty.modifyServer(server -> server.setStopAtShutdown(false));
    // Wrong method on a known path is 405, not 404.
    javalin.http.prefer405over404 = true;
  }

  // region: ready-after-listen
  /** Starts the internal port first (so /-/ready can say "not yet"), then the public one. */
  public static ReceiverServer start(ReceiverConfig config) {
    ReceiverServer server = new ReceiverServer(config);
    server.internalServer.start();
    server.publicServer.start();
    server.readiness.markReady();
    log.atInfo()
        .addKeyValue("public", config.listenAddress.host() + ":" + server.publicPort())
        .addKeyValue("internal", config.internalListenAddress.host() + ":" + server.internalPort())
        .addKeyValue("scenario", server.scenario.get().id())
        .addKeyValue("max_inflight_bytes", server.memory.limitBytes())
        .log("receiver listening");
    return server;
  }
  // endregion

  public int publicPort() {
    return localPort(publicServer);
  }

  public int internalPort() {
    return localPort(internalServer);
  }

  private static int localPort(Javalin javalin) {
    return ((ServerConnector) javalin.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /**
   * Graceful stop: not ready at once, stop accepting, let in-flight requests finish within
   * the shutdown timeout, then close both servers.
   */
  // region: graceful-shutdown
  public void shutdown() {
    readiness.markShuttingDown();
    log.atInfo().addKeyValue("timeout", Durations.format(config.shutdownTimeout)).log("shutting down");
    for (Connector connector : publicServer.jettyServer().server().getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        network.close();
      }
    }
    // Jetty's request statistics count a request until its response is completely written,
    // which is later than our handlers return: wait on those, so no response is cut off.
    StatisticsHandler requests = publicServer.jettyServer().server().getDescendant(StatisticsHandler.class);
    long deadline = System.nanoTime() + config.shutdownTimeout.toNanos();
    while (requests.getRequestsActive() > 0 && System.nanoTime() < deadline) {
      sleepQuietly(Duration.ofMillis(10));
    }
    if (requests.getRequestsActive() > 0) {
      log.atWarn().addKeyValue("in_flight", requests.getRequestsActive()).log("shutdown timeout reached");
    }
    publicServer.stop();
    internalServer.stop();
    registry.close();
  }
  // endregion

  private static void plain(Context ctx, String reason) {
    ctx.contentType("text/plain; charset=utf-8").result(reason + "\n");
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
