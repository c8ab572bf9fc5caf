package dev.o11y.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real Prometheus 2.42 remote-write bodies in src/test/resources, with their headers. */
public final class Fixtures {

  private static final String DIR = "/fixtures/remote-write/prometheus-2.42/";

  private Fixtures() {}

  public record Body(String name, byte[] bytes) {}

  public static List<Body> bodies() {
    List<Body> bodies = new ArrayList<>();
    for (int i = 0; ; i++) {
      String name = String.format("b%04d.bin", i);
      byte[] bytes = resource(DIR + name);
      if (bytes == null) {
        break;
      }
      bodies.add(new Body(name, bytes));
    }
    if (bodies.isEmpty()) {
      throw new IllegalStateException("no fixtures found under " + DIR);
    }
    return bodies;
  }

  /** The headers Prometheus sent with them, less those the HTTP client sets itself. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> headers() {
    try {
      Map<String, String> all = new ObjectMapper().readValue(resource(DIR + "headers.json"), Map.class);
      Map<String, String> headers = new LinkedHashMap<>(all);
      headers.keySet().removeAll(List.of("Host", "Content-Length", "User-Agent"));
      return headers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
