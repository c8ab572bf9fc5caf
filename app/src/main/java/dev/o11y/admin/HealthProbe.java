package dev.o11y.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container healthcheck without curl: exits 0 when the URL answers 200, 1 otherwise.
 * Usage: java -cp receiver.jar dev.o11y.admin.HealthProbe http://127.0.0.1:8081/-/ready
 */
public final class HealthProbe {

  private HealthProbe() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:8081/-/ready";
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      System.exit(status == 200 ? 0 : 1);
    } catch (Exception e) {
      System.err.println("health probe failed: " + e);
      System.exit(1);
    }
  }
}
