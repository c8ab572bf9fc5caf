package dev.o11y.doctor;

import dev.o11y.drills.Scenario;
import dev.o11y.http.TracingMiddleware;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Supplier;

/** The receiver as the doctor uses it: remote write on its public port, the scenario switch on its admin port. */
public final class ReceiverClient {

  private final URI remoteWrite;
  private final URI admin;

  /** {@code remoteWrite}: the public port (RECEIVER_PORT); {@code admin}: the internal one (RECEIVER_ADMIN_PORT). */
  public ReceiverClient(URI remoteWrite, URI admin) {
    this.remoteWrite = remoteWrite;
    this.admin = admin;
  }

  /** The receiver refused the doctor's request, or sent no trace ID with its answer. */
  public static final class WriteRefused extends RuntimeException {
    WriteRefused(String message) {
      super(message);
    }
  }

  public Optional<String> unreachable() {
    try {
      int status = WebApi.get(admin, "/-/healthy").statusCode();
      return status == 200 ? Optional.empty() : Optional.of("the receiver's admin port at " + admin + " answered " + status);
    } catch (UncheckedIOException e) {
      return Optional.of("the receiver does not answer at " + admin + " (" + WebApi.why(e) + ")");
    }
  }

  public URI remoteWrite() {
    return remoteWrite;
  }

  /** Posts a Prometheus 1.0 body to the handler; returns the trace ID the receiver answers with. */
  public String write(String handler) {
    HttpResponse<String> response = WebApi.post(remoteWrite, handler, RemoteWriteBody.oneSample(), RemoteWriteBody.HEADERS);
    if (response.statusCode() != 204) {
      throw new WriteRefused("the receiver answered " + response.statusCode() + " to POST " + handler + ": "
          + WebApi.brief(response.body()));
    }
    return response.headers().firstValue(TracingMiddleware.HEADER).orElseThrow(() -> new WriteRefused(
        "the receiver answered without " + TracingMiddleware.HEADER + ": it runs without the OpenTelemetry agent (app/agents.args)"));
  }

  /**
   * Why the doctor must leave the scenario alone: the learner runs one, or a drill (whose
   * symptom slow-decode would bury). Empty when neither runs.
   */
  public Optional<String> whyNotSlowDecode() {
    String scenario = WebApi.json(WebApi.get(admin, "/scenario").body()).path("scenario").asText("?");
    if (!scenario.equals(Scenario.NONE.id())) {
      return Optional.of("the receiver runs scenario " + scenario + ", and the doctor leaves it so (make scenario NAME=none, then again)");
    }
    HttpResponse<String> drill = WebApi.get(admin, "/drill");
    if (drill.statusCode() != 200 || !drill.body().contains("No drill is running")) {
      return Optional.of("a drill is running, and the doctor leaves it so (make drill-stop, then again)");
    }
    return Optional.empty();
  }

  /** Runs the request with slow-decode on, and switches it off again whatever happens. */
  public <T> T withSlowDecode(Supplier<T> request) {
    switchScenario(Scenario.SLOW_DECODE);
    try {
      return request.get();
    } finally {
      switchScenario(Scenario.NONE);
    }
  }

  private void switchScenario(Scenario scenario) {
    HttpResponse<String> response = WebApi.post(admin, "/scenario?name=" + scenario.id(), new byte[0], java.util.Map.of());
    if (response.statusCode() != 200) {
      throw new WriteRefused("the receiver answered " + response.statusCode() + " to POST /scenario?name=" + scenario.id());
    }
  }
}
