package dev.o11y.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What was built, from which commit, running on which Java: the analog of the talk's
 * version collector. Exported as receiver_build_info{version,revision,branch,java_version} 1.
 */
public record BuildInfo(String version, String revision, String branch, String javaVersion) {

  public static BuildInfo load() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      // Build info is informative only; "unknown" is an honest answer.
    }
    return new BuildInfo(
        props.getProperty("version", "unknown"),
        props.getProperty("revision", "unknown"),
        props.getProperty("branch", "unknown"),
        Runtime.version().toString());
  }

  // region: build-info
  public void register(MeterRegistry registry) {
    Gauge.builder("receiver.build.info", () -> 1)
        .description("Build information of the receiver; the value is always 1.")
        .tag("version", version)
        .tag("revision", revision)
        .tag("branch", branch)
        .tag("java_version", javaVersion)
        .register(registry);
  }
  // endregion
}
