package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.config.ReceiverConfig;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.SmallLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xerial.snappy.Snappy;

/** A corpus of hostile bodies and senders: each gets a 4xx (or a closed connection), never a 500. */
@Timeout(60)
class HostileInputTest {

  private ReceiverServer server;

  @BeforeEach
  void start() {
    ReceiverConfig config = SmallLimits.config();
    // Short, so that the slow-loris test ends quickly.
    config.readTimeout = Duration.ofSeconds(1);
    server = ReceiverServer.start(config);
  }

  @AfterEach
  void stop() {
    assertThat(Http.get(server.internalPort(), "/-/healthy").statusCode()).isEqualTo(200);
    assertThat(post(Fixtures.bodies().get(0).bytes()).statusCode()).as("still receiving").isEqualTo(204);
    server.shutdown();
  }

  @Test
  void deeplyNestedMessagesHitProtobufsRecursionLimit() throws Exception {
    // Field 1 (a series) holding field 1 holding field 1 ... 2000 levels deep.
    byte[] inner = new byte[0];
    for (int i = 0; i < 2000; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x0a);
      writeVarint(out, inner.length);
      out.write(inner);
      inner = out.toByteArray();
    }
    assertThat(post(Snappy.compress(inner)).statusCode()).isEqualTo(400);
  }

  @Test
  void hugeAndNegativeVarintsAre400() throws Exception {
    byte[] hugeVarint = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    assertThat(post(Snappy.compress(hugeVarint)).statusCode()).isEqualTo(400);
    // Length -1 as a ten-byte varint.
    byte[] negativeLength = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x00};
    assertThat(post(Snappy.compress(negativeLength)).statusCode()).isEqualTo(400);
  }

  @Test
  void gzipInsteadOfSnappyIs400WhenLabelledSnappyAnd415WhenLabelledGzip() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(Snappy.uncompress(Fixtures.bodies().get(0).bytes()));
    }
    assertThat(post(gz.toByteArray()).statusCode()).isEqualTo(400);
    Map<String, String> gzipHeaders = new java.util.HashMap<>(Fixtures.headers());
    gzipHeaders.put("Content-Encoding", "gzip");
    assertThat(Http.post(server.publicPort(), "/receive", gz.toByteArray(), gzipHeaders).statusCode()).isEqualTo(415);
  }

  @Test
  void emptyBodyIs400() {
    HttpResponse<String> response = post(new byte[0]);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("empty");
  }

  @Test
  void chunkedBodyPastTheLimitIs413() {
    byte[] big = new byte[200 * 1024];
    HttpRequest.Builder request = HttpRequest.newBuilder(Http.uri(server.publicPort(), "/receive"))
        .timeout(Duration.ofSeconds(30))
        // An InputStream publisher has no length: the client sends it chunked.
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    Fixtures.headers().forEach(request::header);
    HttpResponse<String> response = Http.send(request.build());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("exceeds the limit");
  }

  @Test
  void aSlowLorisSenderIsCutOffAfterTheReadTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.publicPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /receive HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Encoding: snappy\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[10]);
      out.flush();
      // Then nothing more: the server must give up on us, not wait forever.
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      byte[] response = in.readAllBytes();
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      assertThat(waited).isLessThan(Duration.ofSeconds(9));
      String text = new String(response, StandardCharsets.US_ASCII);
      assertThat(text.isEmpty() || text.startsWith("HTTP/1.1 4") || text.startsWith("HTTP/1.1 5")).as(text).isTrue();
    }
  }

  private HttpResponse<String> post(byte[] body) {
    return Http.post(server.publicPort(), "/receive", body, Fixtures.headers());
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7f) != 0) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
