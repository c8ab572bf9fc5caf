package dev.o11y.loadgen;

import dev.o11y.config.DurationConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends realistic remote-write traffic, alternating 1.0 and 2.0, at a fixed rate. It waits
 * for the target to come up, reports once every 10 seconds, and stops after --duration (if set).
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Sends remote write 1.0 and 2.0 to a receiver at a fixed rate.")
public final class LoadGenerator implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "http://127.0.0.1:8080/api/v1/write",
      description = "Remote-write URL (default ${DEFAULT-VALUE}).")
  URI target;

  @Option(names = "--rate", defaultValue = "10", description = "Requests per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--series", defaultValue = "200", description = "Series per request (default ${DEFAULT-VALUE}).")
  int series;

  @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class,
      description = "Stop after this long; 0s runs until stopped (default ${DEFAULT-VALUE}).")
  Duration duration;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (rate < 1 || rate > 10_000 || series < 1 || series > 100_000) {
      System.err.println("loadgen: --rate must be 1..10000 and --series 1..100000");
      return 2;
    }
    RequestFactory factory = new RequestFactory(series);
    long intervalNanos = 1_000_000_000L / rate;
    long stopAt = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long next = System.nanoTime();
    System.out.printf("loadgen: sending to %s at %d req/s, %d series per request%n", target, rate, series);
    for (long tick = 0; System.nanoTime() < stopAt; tick++) {
      boolean v2 = tick % 2 == 1;
      long now = System.currentTimeMillis();
      send(v2 ? factory.v2(now, tick) : factory.v1(now, tick), v2);
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      } else {
        next = System.nanoTime();
      }
      if (System.nanoTime() > nextReport) {
        System.out.printf("loadgen: %d requests sent, %d failed%n", sent.get(), failed.get());
        nextReport += Duration.ofSeconds(10).toNanos();
      }
    }
    System.out.printf("loadgen: done, %d requests sent, %d failed%n", sent.get(), failed.get());
    return 0;
  }

  /** Requests that got an answer, whatever its status. */
  public long sent() {
    return sent.get();
  }

  /** Requests answered with other than 2xx, or never answered. */
  public long failed() {
    return failed.get();
  }

  private void send(byte[] protobuf, boolean v2) throws InterruptedException {
    try {
      HttpRequest request = HttpRequest.newBuilder(target)
          .timeout(Duration.ofSeconds(10))
          .header("Content-Encoding", "snappy")
          .header("Content-Type", v2
              ? "application/x-protobuf;proto=io.prometheus.write.v2.Request"
              : "application/x-protobuf")
          .header("X-Prometheus-Remote-Write-Version", v2 ? "2.0.0" : "0.1.0")
          .header("User-Agent", "o11y-workshop-loadgen")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(protobuf)))
          .build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      sent.incrementAndGet();
      if (status / 100 != 2) {
        failed.incrementAndGet();
      }
    } catch (IOException e) {
      // The receiver may not be up yet, or restarting: count it and carry on at the same rate.
      failed.incrementAndGet();
    }
  }
}
