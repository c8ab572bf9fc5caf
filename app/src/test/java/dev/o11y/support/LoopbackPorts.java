package dev.o11y.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each container port of the stack lives when its programs run natively: one free
 * 127.0.0.1 port per service and container port, the same every time it is asked for.
 */
public final class LoopbackPorts {

  private final Map<String, Integer> ports = new TreeMap<>();

  /** The loopback port that stands for {@code service:containerPort}. */
  public synchronized int of(String service, int containerPort) {
    return ports.computeIfAbsent(service + ":" + containerPort, key -> free());
  }

  /** Every service port handed out so far, for messages. */
  public synchronized Map<String, Integer> all() {
    return Map.copyOf(ports);
  }

  private static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
