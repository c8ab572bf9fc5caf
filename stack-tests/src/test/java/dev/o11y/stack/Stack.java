package dev.o11y.stack;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the stack's files are, how to read them, and how to run the real checkers. */
final class Stack {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** In CI a missing tool is a failure, not a skip: a green build must mean "checked". */
  static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

  private Stack() {}

  /** The repository root: -Dstack.root (set by the pom), else the parent of stack-tests/. */
  static Path root() {
    String prop = System.getProperty("stack.root");
    Path root = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
    root = root.toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("docker-compose.yml"))) {
      fail("no docker-compose.yml under " + root + "; set -Dstack.root");
    }
    return root;
  }

  static Path file(String relative) {
    return root().resolve(relative);
  }

  static JsonNode yaml(Path path) {
    try {
      return YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + path, e);
    }
  }

  /**
   * docker-compose.yml with compose.build.yaml laid over it, as `make up BUILD=1` builds the
   * receiver: each service's keys of the override replace the base's (compose's own merge of
   * these scalars; ToolChecksTest compares with compose itself).
   */
  static JsonNode composeBuildingTheReceiver() {
    ObjectNode compose = (ObjectNode) yaml(file("docker-compose.yml"));
    yaml(file("compose.build.yaml")).path("services").fields().forEachRemaining(override ->
        ((ObjectNode) compose.path("services").path(override.getKey())).setAll((ObjectNode) override.getValue()));
    return compose;
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> files(String dir, String... suffixes) {
    try (Stream<Path> walk = Files.walk(file(dir))) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the calling test (locally) or fails it (CI=true) when a precondition is missing. */
  static void require(boolean present, String reason) {
    if (present) {
      return;
    }
    if (CI) {
      fail(reason + " (CI=true: a missing tool fails the build; scripts/install-tools.sh installs it)");
    }
    Assumptions.abort(reason + " (skipped; run scripts/install-tools.sh as root to check for real)");
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static void requireTool(String tool) {
    require(onPath(tool), tool + " is not installed");
  }

  record Result(int exitCode, String output) {}

  /** The commands `make TARGET` would run in the repository root: variables expanded, recursive makes followed, none run. */
  static String dryRun(String target) {
    requireTool("make");
    Result result = run(List.of("make", "--no-print-directory", "-n", target));
    if (result.exitCode() != 0) {
      fail("make -n " + target + " failed: " + result.output());
    }
    return result.output();
  }

  /** Runs a command in the repository root, stdout and stderr together, with a time limit. */
  static Result run(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
          .directory(root().toFile())
          .redirectErrorStream(true);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("timed out: " + command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
