package dev.o11y.config;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every setting of the receiver: a flag, or a RECEIVER_* environment variable, with a default.
 * Picocli resolves "${env:NAME:-default}" so that --help shows the value in force.
 */
@Command(
    name = "receiver",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = "Receives Prometheus remote write (1.0 and 2.0) and observes itself doing it.",
    footer = "%nEvery option can also be set with the environment variable shown in its default.")
public class ReceiverConfig {

  public enum LogFormat { logfmt, json }

  public enum LogLevel { error, warn, info, debug }

  @Option(names = "--listen-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:RECEIVER_LISTEN_ADDRESS:-:8080}",
      description = "Public address for remote write (RECEIVER_LISTEN_ADDRESS, default ${DEFAULT-VALUE}).")
  public ListenAddress listenAddress;

  @Option(names = "--internal-listen-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:RECEIVER_INTERNAL_LISTEN_ADDRESS:-127.0.0.1:8081}",
      description = "Internal address for health, metrics, debug and scenarios; loopback unless you open it (RECEIVER_INTERNAL_LISTEN_ADDRESS, default ${DEFAULT-VALUE}).")
  public ListenAddress internalListenAddress;

  @Option(names = "--max-request-bytes", paramLabel = "BYTES", converter = ByteSizeConverter.class,
      defaultValue = "${env:RECEIVER_MAX_REQUEST_BYTES:-8MiB}",
      description = "Largest compressed body accepted; larger gets 413 (RECEIVER_MAX_REQUEST_BYTES, default ${DEFAULT-VALUE}).")
  public long maxRequestBytes;

  @Option(names = "--max-decoded-bytes", paramLabel = "BYTES", converter = ByteSizeConverter.class,
      defaultValue = "${env:RECEIVER_MAX_DECODED_BYTES:-64MiB}",
      description = "Largest decoded (uncompressed) body accepted; larger gets 413 (RECEIVER_MAX_DECODED_BYTES, default ${DEFAULT-VALUE}).")
  public long maxDecodedBytes;

  @Option(names = "--max-concurrent-requests", paramLabel = "N",
      defaultValue = "${env:RECEIVER_MAX_CONCURRENT_REQUESTS:-16}",
      description = "Remote-write requests decoded at once; beyond that 503 with Retry-After, so memory stays bounded (RECEIVER_MAX_CONCURRENT_REQUESTS, default ${DEFAULT-VALUE}).")
  public int maxConcurrentRequests;

  @Option(names = "--max-inflight-bytes", paramLabel = "BYTES", converter = ByteSizeConverter.class,
      defaultValue = "${env:RECEIVER_MAX_INFLIGHT_BYTES}",
      description = "Heap that requests in flight may hold at once (bodies and decoded buffers); beyond that 503 with Retry-After (RECEIVER_MAX_INFLIGHT_BYTES, default half the JVM's maximum heap).")
  public Long maxInflightBytes;

  @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:RECEIVER_READ_TIMEOUT:-30s}",
      description = "A connection idle this long, even mid-request, is closed: slow senders can't hold it (RECEIVER_READ_TIMEOUT, default ${DEFAULT-VALUE}).")
  public Duration readTimeout;

  @Option(names = "--slow-request-threshold", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:RECEIVER_SLOW_REQUEST_THRESHOLD:-1s}",
      description = "Requests slower than this are logged at warn with their trace_id (RECEIVER_SLOW_REQUEST_THRESHOLD, default ${DEFAULT-VALUE}).")
  public Duration slowRequestThreshold;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:RECEIVER_SHUTDOWN_TIMEOUT:-10s}",
      description = "How long in-flight requests may run after SIGTERM (RECEIVER_SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
  public Duration shutdownTimeout;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      defaultValue = "${env:RECEIVER_LOG_LEVEL:-info}",
      description = "error, warn, info or debug (RECEIVER_LOG_LEVEL, default ${DEFAULT-VALUE}).")
  public LogLevel logLevel;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      defaultValue = "${env:RECEIVER_LOG_FORMAT:-logfmt}",
      description = "logfmt or json (RECEIVER_LOG_FORMAT, default ${DEFAULT-VALUE}).")
  public LogFormat logFormat;

  @Option(names = "--service-name", paramLabel = "NAME",
      defaultValue = "${env:RECEIVER_SERVICE_NAME:-${env:OTEL_SERVICE_NAME:-receiver}}",
      description = "Service name on every log line (RECEIVER_SERVICE_NAME, else OTEL_SERVICE_NAME, default ${DEFAULT-VALUE}).")
  public String serviceName;

  @Option(names = "--scenario", paramLabel = "NAME",
      defaultValue = "${env:RECEIVER_SCENARIO:-none}",
      description = "Demo scenario to start with: none, slow-decode, latency, errors (RECEIVER_SCENARIO, default ${DEFAULT-VALUE}).")
  public String scenario;

  /** The command line that parses into this object, with the converters for our value types. */
  public CommandLine commandLine() {
    return new CommandLine(this)
        .registerConverter(ListenAddress.class, ListenAddress::parse)
        .registerConverter(Duration.class, new DurationConverter())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
