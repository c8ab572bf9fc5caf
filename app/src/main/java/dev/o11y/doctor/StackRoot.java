package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repository's root, where the stack's own files are (docker-compose.yml, grafana/,
 * prometheus/): the doctor renders its links from them as the stack loads them. It is
 * -Dstack.root when set (the tests' pom), else the working directory (`make check-links`
 * mounts the repository there), else its parent (a test run from app/).
 */
public final class StackRoot {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String MARKER = "docker-compose.yml";

  private StackRoot() {}

  public static Path dir() {
    String property = System.getProperty("stack.root");
    Path working = Path.of("").toAbsolutePath();
    Path root = property != null ? Path.of(property).toAbsolutePath().normalize()
        : Files.isRegularFile(working.resolve(MARKER)) ? working : working.getParent();
    if (root == null || !Files.isRegularFile(root.resolve(MARKER))) {
      throw new IllegalStateException("no " + MARKER + " under " + (root == null ? working : root)
          + ": run from the repository's root, or set -Dstack.root");
    }
    return root;
  }

  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode yaml(String relative) {
    try {
      return YAML.readTree(path(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A service's environment in docker-compose.yml, with compose's ${NAME:-default} defaults applied. */
  public static Map<String, String> environment(String service) {
    Map<String, String> env = new TreeMap<>();
    yaml(MARKER).path("services").path(service).path("environment").fields()
        .forEachRemaining(e -> env.put(e.getKey(), withComposeDefaults(e.getValue().asText())));
    return env;
  }

  /** A value of docker-compose.yml with each ${NAME:-default} replaced by its default, as a clean clone gets it. */
  public static String withComposeDefaults(String value) {
    return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
  }
}
