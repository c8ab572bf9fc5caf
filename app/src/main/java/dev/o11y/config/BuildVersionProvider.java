package dev.o11y.config;

import dev.o11y.telemetry.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** `receiver --version` prints what receiver_build_info exports. */
public class BuildVersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo info = BuildInfo.load();
    return new String[] {
      "receiver " + info.version() + " (revision " + info.revision() + ", branch " + info.branch()
          + ", java " + info.javaVersion() + ")"
    };
  }
}
