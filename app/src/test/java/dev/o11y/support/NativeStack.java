package dev.o11y.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's own programs, natively, with the stack's own files: the receiver jar with both
 * agents and docker-compose.yml's environment (its heap sized from its mem_limit, as in the
 * container), Jaeger v2 with jaeger/config.yaml, Prometheus 3 with prometheus/prometheus.yml and
 * its rules, each at the version compose pins. Host names and ports are rewritten for loopback
 * and nothing else. Loki and Pyroscope cannot be built here: sinks take their place, on the ports
 * the receiver is told to send to.
 */
public final class NativeStack implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(120);

  private final LoopbackPorts ports = new LoopbackPorts();
  private OtlpSink loki;
  private ProfileSink pyroscope;
  private JaegerProcess jaeger;
  private ReceiverProcess receiver;
  private PrometheusProcess prometheus;

  private NativeStack() {}

  /**
   * Starts it all; {@code receiverFlags} go to the receiver after its listen addresses, and
   * {@code quick} exports spans and logs, and uploads profiles, sooner than compose does, to
   * keep tests short.
   */
  public static NativeStack start(List<String> receiverFlags, boolean quick) {
    NativeStack stack = new NativeStack();
    try {
      stack.loki = new OtlpSink(stack.ports.of("loki", 3100), "/otlp");
      stack.pyroscope = new ProfileSink(stack.ports.of("pyroscope", 4040));
      stack.jaeger = JaegerProcess.startStackConfig(Tools.requireNative("jaeger"), stack.ports);
      stack.receiver = stack.startReceiver(receiverFlags, quick);
      stack.prometheus = PrometheusProcess.startStackConfig(Tools.requireNative("prometheus"), stack.ports);
      return stack;
    } catch (IOException e) {
      stack.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  /** The app service as compose runs it: its environment, rendered for loopback, and both agents. */
  private ReceiverProcess startReceiver(List<String> receiverFlags, boolean quick) {
    Map<String, String> env = new HashMap<>();
    StackFiles.environment("app").forEach((k, v) -> env.put(k, StackFiles.renderForLoopback("app", v, StackFiles.services(), ports)));
    if (quick) {
      env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
      env.put("OTEL_BLRP_SCHEDULE_DELAY", "200");
      env.put("PYROSCOPE_UPLOAD_INTERVAL", "2s");
    }
    List<String> flags = new ArrayList<>(List.of("--listen-address=127.0.0.1:" + ports.of("app", 8080),
        "--internal-listen-address=127.0.0.1:" + ports.of("app", 8081)));
    flags.addAll(receiverFlags);
    // The JVM sizes its heap from the container's limit; MaxRAM makes it do the same here.
    return ReceiverProcess.start(List.of("-XX:MaxRAM=" + StackFiles.memLimitBytes("app"), ReceiverProcess.withAgents()),
        flags, env, START);
  }

  public LoopbackPorts ports() {
    return ports;
  }

  public OtlpSink loki() {
    return loki;
  }

  public ProfileSink pyroscope() {
    return pyroscope;
  }

  public JaegerProcess jaeger() {
    return jaeger;
  }

  public ReceiverProcess receiver() {
    return receiver;
  }

  public PrometheusProcess prometheus() {
    return prometheus;
  }

  /** The receiver's public port (remote write) and internal port (health, metrics, admin). */
  public int publicPort() {
    return ports.of("app", 8080);
  }

  public int adminPort() {
    return ports.of("app", 8081);
  }

  /** Each program's process ID, by compose service name. */
  public Map<String, Long> pids() {
    return Map.of("app", receiver.process().pid(), "prometheus", prometheus.pid(), "jaeger", jaeger.pid());
  }

  /** Stops everything; the programs' logs go to standard output (the failsafe report) first. */
  @Override
  public void close() {
    if (prometheus != null) {
      System.out.println("---- prometheus\n" + prometheus.log());
      prometheus.close();
    }
    if (receiver != null) {
      System.out.println("---- receiver\n" + receiver.output());
      receiver.close();
    }
    if (jaeger != null) {
      System.out.println("---- jaeger\n" + jaeger.log());
      jaeger.close();
    }
    if (pyroscope != null) {
      pyroscope.close();
    }
    if (loki != null) {
      loki.close();
    }
  }
}
