package dev.o11y.support;

import dev.o11y.config.ReceiverConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The receiver's real defaults, parsed by its own command line, on ephemeral loopback ports. */
public final class TestConfig {

  private TestConfig() {}

  public static ReceiverConfig onLoopback(String... flags) {
    List<String> args = new ArrayList<>(List.of("--listen-address=127.0.0.1:0", "--internal-listen-address=127.0.0.1:0"));
    // A short drain, so a test's shutdown is quick, unless the test gives its own.
    if (Arrays.stream(flags).noneMatch(f -> f.startsWith("--shutdown-timeout="))) {
      args.add("--shutdown-timeout=5s");
    }
    args.addAll(List.of(flags));
    ReceiverConfig config = new ReceiverConfig();
    config.commandLine().parseArgs(args.toArray(String[]::new));
    return config;
  }
}
