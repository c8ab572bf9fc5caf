package dev.o11y.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real remote-write bodies in src/test/resources, with their headers: 1.0 as Prometheus 2.42
 * sent it, and 2.0 as Prometheus 3.16 sent it (scripts/capture-remote-write-fixtures.sh).
 */
public final class Fixtures {

  private static final String DIR = "/fixtures/remote-write/prometheus-2.42/";
  private static final String DIR_V2 = "/fixtures/remote-write/prometheus-3.16.0-v2/";

  private Fixtures() {}

  public record Body(String name, byte[] bytes) {}

  /** The 1.0 bodies. */
  public static List<Body> bodies() {
    return bodies(DIR);
  }

  /** The 2.0 bodies. */
  public static List<Body> bodiesV2() {
    return bodies(DIR_V2);
  }

  private static List<Body> bodies(String dir) {
    List<Body> bodies = new ArrayList<>();
    for (int i = 0; ; i++) {
      String name = String.format("b%04d.bin", i);
      byte[] bytes = resource(dir + name);
      if (bytes == null) {
        break;
      }
      bodies.add(new Body(name, bytes));
    }
    if (bodies.isEmpty()) {
      throw new IllegalStateException("no fixtures found under " + dir);
    }
    return bodies;
  }

  /** The headers Prometheus sent with the 1.0 bodies, less those the HTTP client sets itself. */
  public static Map<String, String> headers() {
    return headers(DIR);
  }

  /** The headers Prometheus 3.16 sent with the 2.0 bodies, likewise. */
  public static Map<String, String> headersV2() {
    return headers(DIR_V2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> headers(String dir) {
    try {
      Map<String, String> all = new ObjectMapper().readValue(resource(dir + "headers.json"), Map.class);
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
