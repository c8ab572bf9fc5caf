package dev.o11y.support;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

/** A JDK HTTP server on an ephemeral loopback port, for the sinks that stand in for backends. */
final class LoopbackServer {

  private LoopbackServer() {}

  static HttpServer start(Map<String, HttpHandler> routes) {
    return start(0, routes);
  }

  /** On a given port: a sink that stands where a backend of the stack would listen. */
  static HttpServer start(int port, Map<String, HttpHandler> routes) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      routes.forEach(server::createContext);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
