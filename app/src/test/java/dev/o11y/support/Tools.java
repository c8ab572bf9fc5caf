package dev.o11y.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Native tools that a test needs. Missing on a user's machine: the test is skipped with the
 * reason. Missing in CI (CI=true): the test fails, because CI installs them.
 */
public final class Tools {

  private Tools() {}

  /** A tool that scripts/native-tools.sh builds; `make test` puts its directory on PATH. */
  public static Path requireNative(String tool) {
    return require(tool, "make native-tools builds it from the Go module proxy, which needs Go 1.26;"
        + " make test puts it on PATH");
  }

  public static Path require(String tool, String installHint) {
    Optional<Path> found = find(tool);
    requireThat(found.isPresent(), tool + " is not on PATH (" + installHint + ")");
    return found.orElseThrow();
  }

  /** Skips the calling test with the reason (fails it with CI=true) unless the condition holds. */
  public static void requireThat(boolean present, String reason) {
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI must have this: " + reason);
      }
      Assumptions.abort(reason);
    }
  }

  static Optional<Path> find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
