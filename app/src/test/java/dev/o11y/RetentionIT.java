package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.support.JaegerProcess;
import dev.o11y.support.LoopbackPorts;
import dev.o11y.support.ResidentMemory;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Tools;
import dev.o11y.support.TraceReplay;
import dev.o11y.support.Waits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How far back the stack's Jaeger reaches, checked faster than the time passes: hours of the
 * default load's traces (the receiver's own, recorded from it and replayed with new IDs) pushed
 * into Jaeger with jaeger/config.yaml at twice the fastest rate the workshop sends, then the
 * oldest asked for by ID, as an exemplar's link asks. Prints Jaeger's resident memory and disk along the way into
 * target/retention.txt, and fails when the oldest is gone or the anonymous peak passes its limit's rule.
 * RETENTION_HOURS sets the hours (3, the longest workshop); -Djaeger.config=FILE measures another
 * config of the same form, to compare.
 */
class RetentionIT {

  /**
   * Traces per second to send at: 200, twice what `make load RATE=100` makes. As fast as Jaeger
   * takes them (0) measures something no workshop does: Badger's memtables pile up while its
   * flushes lag, and its anonymous memory goes past 500 MiB.
   */
  private static final double RATE = Double.parseDouble(System.getProperty("retention.rate", "200"));

  private long anonymousPeak;

  @Test
  void theOldestTraceOfTheLongestWorkshopIsStillThere() throws IOException {
    Tools.requireThat(ResidentMemory.available(), "/proc is not there to read resident memory from (Linux only)");
    Duration hours = Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("retention.hours", "3")) * 3600));
    String configName = System.getProperty("jaeger.config", "");
    String config = configName.isEmpty() ? StackFiles.read("jaeger/config.yaml") : Files.readString(Path.of(configName));
    long count = TraceReplay.defaultLoadTraces(hours);

    TraceReplay replay = TraceReplay.recordFromTheReceiver();
    List<String> lines = new ArrayList<>();
    lines.add("# make retention, " + LocalDate.now() + ": " + count + " traces, " + String.format("%.2f", hours.toSeconds() / 3600.0) + " h of the default load, into "
        + (configName.isEmpty() ? "jaeger/config.yaml" : configName) + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    replay.describe().forEach(d -> lines.add("recorded " + d));
    lines.add(String.format("%9s %8s %8s %9s %9s %8s", "traces", "seconds", "RSS MiB", "peak MiB", "anon MiB", "disk MiB"));
    try (JaegerProcess jaeger = JaegerProcess.start(Tools.requireNative("jaeger"), new LoopbackPorts(), config)) {
      long start = System.nanoTime();
      long every = Math.max(1, count / 10);
      List<String> ids = replay.send(URI.create(jaeger.otlpTracesEndpoint()), count, 100, RATE, sent -> {
        anonymousPeak = Math.max(anonymousPeak, ResidentMemory.anonymousBytes(jaeger.pid()).orElse(0L));
        if (sent % every < 100 || sent == count) {
          lines.add(row(jaeger, sent, start));
          System.out.println(lines.get(lines.size() - 1));
        }
      });
      // The newest, once Jaeger has stored it (its batch processor holds spans for a moment): then the oldest.
      String newest = ids.get(ids.size() - 1);
      Waits.until("the newest trace in Jaeger", Duration.ofSeconds(60), () -> jaeger.api("/api/traces/" + newest));
      // What Grafana and Jaeger's UI ask meanwhile, which fills a store's read caches: searches
      // over the whole window, and traces by ID from all of it.
      long now = System.currentTimeMillis() * 1000;
      for (int round = 0; round < 10; round++) {
        jaeger.api("/api/traces?service=receiver&operation=" + java.net.URLEncoder.encode("POST /api/v1/write",
            java.nio.charset.StandardCharsets.UTF_8) + "&start=" + (now - hours.toNanos() / 1000 - 60_000_000L) + "&end=" + now + "&limit=20");
        for (int i = 0; i < 100; i++) {
          jaeger.api("/api/traces/" + ids.get((int) ((ids.size() - 1) * (i / 99.0))));
        }
        anonymousPeak = Math.max(anonymousPeak, ResidentMemory.anonymousBytes(jaeger.pid()).orElse(0L));
      }
      lines.add(row(jaeger, count, start) + "  after 10 rounds of searches and 1,000 traces by ID");
      String oldest = ids.get(0);
      boolean found = jaeger.api("/api/traces/" + oldest).isPresent();
      lines.add("oldest trace " + oldest + (found ? " found" : " NOT found") + " once the newest was stored");
      lines.forEach(System.out::println);

      lines.add("anonymous peak " + ResidentMemory.mib(anonymousPeak) + " MiB (sampled every 100 traces); resident peak "
          + ResidentMemory.mib(ResidentMemory.peakBytes(jaeger.pid()).orElseThrow()) + " MiB with Badger's mapped files");
      Files.write(Path.of("target", "retention.txt"), lines);

      assertThat(found).as("the first of %d traces, by ID, after %s of the default load", count, hours).isTrue();
      // Badger maps its files: those pages are a cache the container's limit trims, not memory
      // it must kill for. What the limit has to hold is the anonymous part (memory.yaml).
      ResidentMemory.assertLimitHoldsPeak("jaeger", anonymousPeak, StackFiles.memLimitBytes("jaeger"));
    }
  }

  private static String row(JaegerProcess jaeger, long sent, long start) {
    return String.format("%9d %8d %8s %9s %9s %8s", sent, Duration.ofNanos(System.nanoTime() - start).toSeconds(),
        ResidentMemory.mib(ResidentMemory.currentBytes(jaeger.pid()).orElse(0L)),
        ResidentMemory.mib(ResidentMemory.peakBytes(jaeger.pid()).orElse(0L)),
        ResidentMemory.mib(ResidentMemory.anonymousBytes(jaeger.pid()).orElse(0L)), ResidentMemory.mib(diskBytes(jaeger.dataDirectory())));
  }

  /** What the directory takes on disk, as du counts it: Badger's value log is a sparse file, far smaller than its length. */
  private static long diskBytes(Path dir) {
    try {
      Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
      String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      du.waitFor();
      return Long.parseLong(out.split("\\s+")[0]) * 1024;
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
