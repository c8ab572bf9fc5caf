package dev.o11y;

import dev.o11y.receiver.ReceiveHandler;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.o11y.support.Fixtures;
import dev.o11y.support.Http;
import dev.o11y.support.ReceiverProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built jar as users run it: flags, environment, log formats, exit codes, SIGTERM. */
class ReceiverProcessIT {

  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(30);

  @Test
  void helpListsEveryFlagWithItsDefaultAndTheEnvironmentOverridesIt() throws Exception {
    ReceiverProcess help = ReceiverProcess.launch(List.of(), List.of("--help"),
        Map.of("RECEIVER_MAX_REQUEST_BYTES", "3MiB"));
    assertThat(help.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    help.stop(STOP);
    assertThat(help.process().exitValue()).isZero();
    // Picocli wraps long descriptions: compare with the whitespace collapsed.
    String out = help.output().replaceAll("\\s+", " ");
    for (String flag : List.of("--listen-address", "--internal-listen-address", "--max-request-bytes",
        "--max-decoded-bytes", "--slow-request-threshold", "--shutdown-timeout", "--log-level", "--log-format",
        "--scenario")) {
      assertThat(out).contains(flag);
    }
    assertThat(out).contains("RECEIVER_MAX_REQUEST_BYTES, default 3MiB").contains("default 64MiB").contains("default 127.0.0.1:8081");
  }

  @Test
  void anInvalidValueExits2WithAClearError() throws Exception {
    for (List<String> flags : List.of(List.of("--log-format=xml"), List.of("--shutdown-timeout=soon"),
        List.of("--max-request-bytes=-5"), List.of("--listen-address=nowhere"), List.of("--scenario=chaos"))) {
      ReceiverProcess bad = ReceiverProcess.launch(List.of(), flags, Map.of());
      assertThat(bad.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      bad.stop(STOP);
      assertThat(bad.process().exitValue()).as(flags.toString()).isEqualTo(2);
      assertThat(bad.output()).as(flags.toString()).contains("receiver: ").contains("--help");
    }
    ReceiverProcess badEnv = ReceiverProcess.launch(List.of(), List.of(), Map.of("RECEIVER_LOG_LEVEL", "loud"));
    assertThat(badEnv.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    badEnv.stop(STOP);
    assertThat(badEnv.process().exitValue()).isEqualTo(2);
    assertThat(badEnv.output()).contains("--log-level").contains("loud");
  }

  @Test
  void jsonLogsCarryTheRequiredFieldsAndSigtermEndsWithExiting() throws Exception {
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(), List.of("--log-format=json"), Map.of(), START)) {
      byte[] body = Fixtures.bodies().get(0).bytes();
      String requestId = Http.post(receiver.publicPort(), "/receive", body, Fixtures.headers())
          .headers().firstValue("X-Request-ID").orElseThrow();
      String line = receiver.awaitLine(l -> l.contains("remote write request received"), START);

      JsonNode json = new ObjectMapper().readTree(line);
      assertThat(json.path("level").asText()).isEqualTo("INFO");
      assertThat(json.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
      assertThat(json.path("caller").asText()).matches("ReceiveHandler\\.java:\\d+");
      assertThat(json.path("msg").asText()).isEqualTo("remote write request received");
      assertThat(json.path("service").asText()).isEqualTo("receiver");
      assertThat(json.path("request_id").asText()).isEqualTo(requestId);
      assertThat(json.path("version").asText()).isEqualTo("1.0");
      assertThat(json.path("bytes").asInt()).isEqualTo(body.length);
      assertThat(json.has("series") && json.has("samples") && json.has("duration")).isTrue();
      // Without the agent there is no span, so no trace context either.
      assertThat(json.has("trace_id")).isFalse();

      assertThat(receiver.stop(STOP)).isEqualTo(143);
      List<String> lines = receiver.lines();
      assertThat(lines.get(lines.size() - 1)).as(receiver.output()).contains("\"msg\":\"exiting\"");
      assertThat(lines).anyMatch(l -> l.contains("\"msg\":\"shutting down\""));
      for (String l : lines) {
        assertThat(new ObjectMapper().readTree(l).has("level")).as(l).isTrue();
      }
    }
  }

  @Test
  void logfmtIsTheDefaultAndDebugLogsEverySample() {
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(), List.of("--log-level=debug"), Map.of(), START)) {
      Http.post(receiver.publicPort(), "/receive", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
      String info = receiver.awaitLine(l -> l.contains("msg=\"remote write request received\""), START);
      Map<String, String> fields = logfmt(info);
      assertThat(fields).containsEntry("level", "info").containsEntry("service", "receiver")
          .containsEntry("version", "1.0").containsKeys("ts", "caller", "request_id", "series", "samples", "bytes", "duration");
      String sample = receiver.awaitLine(l -> l.contains("msg=sample"), START);
      assertThat(logfmt(sample)).containsEntry("level", "debug").containsKeys("series", "value", "timestamp");
      long samples = receiver.lines().stream().filter(l -> l.contains("msg=sample")).count();
      assertThat(samples).isEqualTo(Long.parseLong(fields.get("samples")));
    }
  }

  @Test
  void aRequestSlowerThanTheThresholdIsLoggedAtWarn() {
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(),
        List.of("--slow-request-threshold=100ms", "--scenario=latency"), Map.of(), START)) {
      Http.post(receiver.publicPort(), "/receive", Fixtures.bodies().get(0).bytes(), Fixtures.headers());
      Map<String, String> slow = logfmt(receiver.awaitLine(l -> l.contains("msg=\"slow request\""), START));
      assertThat(slow).containsEntry("level", "warn").containsEntry("handler", "/receive")
          .containsEntry("threshold", "100.0ms").containsKey("request_id");
    }
  }

  @Test
  void sigtermUnderLoadCompletesEveryAcceptedRequestAndCutsNoneOff() throws Exception {
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(), List.of("--scenario=latency"), Map.of(), START)) {
      byte[] body = Fixtures.bodies().get(0).bytes();
      long samplesPerBody = dev.o11y.support.WireCounts.ofSnappyV1(body).samples();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      java.util.concurrent.atomic.AtomicLong answered204 = new java.util.concurrent.atomic.AtomicLong();
      List<java.util.concurrent.Future<?>> senders = new java.util.ArrayList<>();
      for (int s = 0; s < 4; s++) {
        senders.add(pool.submit(() -> {
          // Keep sending until the listener is gone; bounded by count as well as by the shutdown.
          for (int i = 0; i < 200; i++) {
            try {
              int status = Http.post(receiver.publicPort(), "/receive", body, Fixtures.headers()).statusCode();
              assertThat(status).isIn(204, 503);
              if (status == 204) {
                answered204.incrementAndGet();
              }
            } catch (java.io.UncheckedIOException refusedAfterShutdown) {
              return;
            }
          }
        }));
      }
      // Let requests get in flight (each sleeps 500 ms in the latency scenario), then SIGTERM.
      receiver.awaitLine(l -> l.contains("remote write request received"), START);
      assertThat(receiver.stop(STOP)).isEqualTo(143);
      for (java.util.concurrent.Future<?> sender : senders) {
        sender.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      // Every request the receiver counted was answered 204, and every 204 was counted: none cut off.
      long logged = receiver.lines().stream().filter(l -> l.contains("msg=\"remote write request received\"")).count();
      long loggedSamples = receiver.lines().stream().filter(l -> l.contains("msg=\"remote write request received\""))
          .mapToLong(l -> Long.parseLong(logfmt(l).get("samples"))).sum();
      assertThat(answered204.get()).isPositive().isEqualTo(logged);
      assertThat(loggedSamples).isEqualTo(answered204.get() * samplesPerBody);
      assertThat(receiver.lines().get(receiver.lines().size() - 1)).contains("msg=exiting");
    }
  }

  @Test
  void theContainerHealthProbeExits0WhenReadyAnd1Otherwise() throws Exception {
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(), List.of(), Map.of(), START)) {
      assertThat(probe("http://127.0.0.1:" + receiver.internalPort() + "/-/ready")).isZero();
      assertThat(probe("http://127.0.0.1:" + receiver.internalPort() + "/no-such-route")).isEqualTo(1);
      receiver.stop(STOP);
      assertThat(probe("http://127.0.0.1:" + receiver.internalPort() + "/-/ready")).isEqualTo(1);
    }
  }

  private static int probe(String url) throws Exception {
    Process probe = new ProcessBuilder(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ReceiverProcess.jar().toString(), "dev.o11y.admin.HealthProbe", url)
        .redirectErrorStream(true).start();
    probe.getInputStream().readAllBytes();
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return probe.exitValue();
  }

  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  static Map<String, String> logfmt(String line) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      String value = m.group(2);
      fields.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
    }
    return fields;
  }
}
