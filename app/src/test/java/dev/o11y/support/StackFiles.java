package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.StackRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The stack's own files (docker-compose.yml, prometheus/, jaeger/, grafana/), read from the
 * repository root, for the tests that run the stack's programs natively.
 */
public final class StackFiles {

  private StackFiles() {}

  /** The repository root, found as the doctor finds it ({@link StackRoot}). */
  public static Path root() {
    return StackRoot.dir();
  }

  public static Path path(String relative) {
    return StackRoot.path(relative);
  }

  public static String read(String relative) {
    return StackRoot.read(relative);
  }

  public static JsonNode yaml(String relative) {
    return StackRoot.yaml(relative);
  }

  /** The compose service names: the host names one container uses to reach another. */
  public static Set<String> services() {
    List<String> names = new ArrayList<>();
    yaml("docker-compose.yml").path("services").fieldNames().forEachRemaining(names::add);
    return Set.copyOf(names);
  }

  /**
   * A service's `command:` in docker-compose.yml, the flags its program starts with; a flag
   * that starts with a key of {@code replaced} (a path in the container) becomes its value.
   */
  public static List<String> command(String service, Map<String, String> replaced) {
    JsonNode command = yaml("docker-compose.yml").path("services").path(service).path("command");
    return StreamSupport.stream(command.spliterator(), false).map(JsonNode::asText)
        .map(flag -> replaced.entrySet().stream().filter(r -> flag.startsWith(r.getKey()))
            .map(Map.Entry::getValue).findFirst().orElse(flag))
        .toList();
  }

  /** Where a service mounts its named volumes, e.g. "/badger" for `jaeger-data:/badger` (bind mounts are left out). */
  public static List<String> namedVolumeMounts(String service) {
    List<String> mounts = new java.util.ArrayList<>();
    for (JsonNode volume : yaml("docker-compose.yml").path("services").path(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && !parts[0].startsWith(".") && !parts[0].startsWith("/")) {
        mounts.add(parts[1]);
      }
    }
    return mounts;
  }

  /** The version part of a service's image pin, e.g. "3.16.0" for prom/prometheus:v3.16.0. */
  public static String imageVersion(String service) {
    String image = yaml("docker-compose.yml").path("services").path(service).path("image").asText();
    return image.substring(image.lastIndexOf(':') + 1).replaceFirst("^v", "");
  }

  /** A service's environment in docker-compose.yml, with compose's ${NAME:-default} defaults applied. */
  public static Map<String, String> environment(String service) {
    return StackRoot.environment(service);
  }

  /** A value of docker-compose.yml with each ${NAME:-default} replaced by its default, as a clean clone gets it. */
  public static String withComposeDefaults(String value) {
    return StackRoot.withComposeDefaults(value);
  }

  /** A service's mem_limit in docker-compose.yml ("768m", "1g"), in bytes. */
  public static long memLimitBytes(String service) {
    String limit = yaml("docker-compose.yml").path("services").path(service).path("mem_limit").asText();
    Matcher m = Pattern.compile("(?i)(\\d+)([kmg])").matcher(limit);
    if (!m.matches()) {
      throw new IllegalStateException(service + " has no mem_limit compose can read: '" + limit + "'");
    }
    int shift = switch (m.group(2).toLowerCase()) {
      case "k" -> 10;
      case "m" -> 20;
      default -> 30;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** The default compose gives a variable, from its first ${NAME:-default} in docker-compose.yml. */
  public static String composeDefault(String name) {
    Matcher m = Pattern.compile("\\$\\{" + Pattern.quote(name) + ":-([^}]*)}").matcher(read("docker-compose.yml"));
    if (!m.find()) {
      throw new IllegalStateException("docker-compose.yml has no ${" + name + ":-...}");
    }
    return m.group(1);
  }

  // "app:8080", "http://prometheus:9090", "0.0.0.0:4318": a host, a colon, a port.
  private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-z][a-z0-9-]*|\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d{2,5})\\b");
  // The OpenTelemetry Collector's Prometheus reader names them apart: `host: H` then `port: P`.
  private static final Pattern HOST_THEN_PORT = Pattern.compile("host: (\\S+)(\\s+)port: (\\d{2,5})\\b");

  /**
   * Renders one service's config for loopback: every compose service's host:port, and the
   * service's own listeners (0.0.0.0:P, localhost:P), become 127.0.0.1 and the port the
   * ports table gives. Only host names and ports change. A host that is neither a compose
   * service nor a listener is refused, so that no address is left pointing nowhere.
   */
  public static String renderForLoopback(String service, String config, Set<String> services, LoopbackPorts ports) {
    Matcher pairs = HOST_THEN_PORT.matcher(config);
    StringBuilder first = new StringBuilder();
    while (pairs.find()) {
      int port = ports.of(owner(service, pairs.group(1), services), Integer.parseInt(pairs.group(3)));
      pairs.appendReplacement(first, Matcher.quoteReplacement("host: 127.0.0.1" + pairs.group(2) + "port: " + port));
    }
    pairs.appendTail(first);

    Matcher m = HOST_PORT.matcher(first);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int port = ports.of(owner(service, m.group(1), services), Integer.parseInt(m.group(2)));
      m.appendReplacement(out, "127.0.0.1:" + port);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String owner(String service, String host, Set<String> services) {
    if (host.equals("0.0.0.0") || host.equals("localhost") || host.equals("127.0.0.1")) {
      return service;
    }
    if (services.contains(host)) {
      return host;
    }
    throw new IllegalArgumentException(service + "'s config names " + host
        + ", which is neither a compose service nor one of its own listeners");
  }
}
