package dev.o11y.config;

/** A listen address as Go programs write it: ":8080" (all interfaces) or "127.0.0.1:8080". */
public record ListenAddress(String host, int port) {

  public static ListenAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT or :PORT");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no numeric port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
    return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  public static ListenAddress valueOf(String text) {
    return parse(text);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
