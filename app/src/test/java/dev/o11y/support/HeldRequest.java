package dev.o11y.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A POST the test keeps in flight for as long as it likes: the headers and all of the body but
 * its last byte go out at once, and the server waits for that byte until {@link #release()}.
 * A latch in the test's hand, where a scenario's sleep is a window a busy machine can outrun.
 */
public final class HeldRequest implements AutoCloseable {

  private final Socket socket;
  private final byte lastByte;

  private HeldRequest(Socket socket, byte lastByte) {
    this.socket = socket;
    this.lastByte = lastByte;
  }

  /** Sends all but the body's last byte to 127.0.0.1:port. */
  public static HeldRequest send(int port, String path, byte[] body, Map<String, String> headers) {
    try {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, body.length - 1);
      out.flush();
      return new HeldRequest(socket, body[body.length - 1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the last byte and returns the status code of the answer. */
  public int release() {
    try {
      socket.getOutputStream().write(lastByte);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        statusLine.append((char) c);
      }
      // "HTTP/1.1 204 No Content"
      String[] parts = statusLine.toString().trim().split(" ");
      if (parts.length < 2) {
        throw new IllegalStateException("no HTTP status line in the answer: '" + statusLine + "'");
      }
      return Integer.parseInt(parts[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
