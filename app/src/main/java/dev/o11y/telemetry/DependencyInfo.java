package dev.o11y.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.jetty.util.Jetty;

/**
 * The libraries this build runs on, one receiver_dependency_info{name,version} 1 each: the
 * Java analog of the talk's Go module collector. Maven writes the pinned versions into
 * dependencies.properties at build time; Jetty, which Javalin brings, reports its own.
 */
public final class DependencyInfo {

  private DependencyInfo() {}

  /** Library name (group:artifact) to version. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    Properties props = new Properties();
    try (InputStream in = DependencyInfo.class.getResourceAsStream("/dependencies.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      // Informative only: an unreadable list exports no dependency info.
    }
    props.forEach((name, version) -> versions.put((String) name, (String) version));
    versions.put("org.eclipse.jetty:jetty-server", Jetty.VERSION);
    return versions;
  }

  // region: dependency-info
  public static void register(MeterRegistry registry) {
    versions().forEach((name, version) ->
        Gauge.builder("receiver.dependency.info", () -> 1)
            .description("A library the receiver runs on; the value is always 1.")
            .tag("name", name)
            .tag("version", version)
            .register(registry));
  }
  // endregion
}
