package dev.o11y.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for Pyroscope's /ingest: keeps each upload's query parameters and its multipart
 * parts (the Pyroscope Java agent sends "jfr" and "labels", each gzip-compressed).
 */
public final class ProfileSink implements AutoCloseable {

  public record Upload(Map<String, String> query, Map<String, byte[]> parts) {

    /** Where the profile's stretch of time begins, as the agent states it (query parameter from, Unix seconds). */
    public Instant from() {
      return Instant.ofEpochSecond(Long.parseLong(query.get("from")));
    }

    /** Where it ends (query parameter until). */
    public Instant until() {
      return Instant.ofEpochSecond(Long.parseLong(query.get("until")));
    }
  }

  private final HttpServer server;
  private final List<Upload> uploads = new CopyOnWriteArrayList<>();

  public ProfileSink() {
    this(0);
  }

  /** On a given port: where Pyroscope would listen. */
  public ProfileSink(int port) {
    server = LoopbackServer.start(port, Map.of("/ingest", this::ingest));
  }

  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  private void ingest(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      Map<String, byte[]> parts = contentType != null && contentType.startsWith("multipart/form-data")
          ? multipart(body, contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", ""))
          : Map.of("body", body);
      uploads.add(new Upload(query(exchange.getRequestURI().getRawQuery()), parts));
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  /** Splits a multipart body into named parts, un-gzipping those that are compressed. */
  static Map<String, byte[]> multipart(byte[] body, String boundary) throws IOException {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
      starts.add(i);
    }
    for (int p = 0; p + 1 < starts.size(); p++) {
      int headerStart = starts.get(p) + delimiter.length + 2;
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
      String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
      int contentEnd = starts.get(p + 1) - 2;
      byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, contentEnd);
      String name = headers.replaceAll("(?s).*name=\"([^\"]+)\".*", "$1");
      parts.put(name, gunzipIfCompressed(content));
    }
    return parts;
  }

  private static byte[] gunzipIfCompressed(byte[] content) throws IOException {
    if (content.length > 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
        return in.readAllBytes();
      }
    }
    return content;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
