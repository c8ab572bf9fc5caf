package dev.o11y.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's command line, what it does when the stack is down, and how it reads Grafana's answers. */
class CheckLinksTest {

  @Test
  void theSettingsAreTheStacksUrlsAndAPatienceOfThirtySecondsUnlessToldOtherwise() {
    CheckLinks.Settings settings = CheckLinks.Settings.parse(
        "--grafana=http://127.0.0.1:13000", "--receiver=http://127.0.0.1:18080", "--admin=http://127.0.0.1:18081");
    assertThat(settings.backend()).isInstanceOf(GrafanaBackend.class);
    assertThat(settings.backend().describe()).isEqualTo("Grafana at http://127.0.0.1:13000");
    assertThat(settings.receiver()).isEqualTo(URI.create("http://127.0.0.1:18080"));
    assertThat(settings.admin()).isEqualTo(URI.create("http://127.0.0.1:18081"));
    assertThat(settings.patience()).isEqualTo(Duration.ofSeconds(30));
    assertThat(CheckLinks.Settings.parse("--grafana=g", "--receiver=r", "--admin=a", "--patience=90s").patience())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void withoutGrafanaTheQueriesGoToPrometheusAndJaegerThemselves() {
    CheckLinks.Settings settings = CheckLinks.Settings.parse("--prometheus=http://127.0.0.1:9090",
        "--jaeger=http://127.0.0.1:16686", "--receiver=http://127.0.0.1:8080", "--admin=http://127.0.0.1:8081");
    assertThat(settings.backend()).isInstanceOf(NativeBackend.class);
    assertThat(settings.backend().serves("prometheus")).isTrue();
    assertThat(settings.backend().serves("loki")).as("the hops that need Loki are skipped").isFalse();
  }

  @Test
  void wrongArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--grafana=g", "--receiver=r"))
        .hasMessage("--admin=URL is missing");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("grafana=g")).hasMessage("not --name=value: grafana=g");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--grafana=g", "--receiver=r", "--admin=a", "--patience=1m"))
        .hasMessage("--patience takes seconds, like 30s: 1m");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--grafana=g", "--receiver=r", "--admin=a", "--grafna=g"))
        .hasMessage("unknown option --grafna");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--receiver=r", "--admin=a")).hasMessage("--grafana=URL is missing");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--prometheus=p", "--receiver=r", "--admin=a"))
        .hasMessage("--jaeger=URL is missing");
    assertThatThrownBy(() -> CheckLinks.Settings.parse("--grafana=g", "--jaeger=j", "--receiver=r", "--admin=a"))
        .hasMessage("--grafana=URL, or --prometheus=URL and --jaeger=URL: not both");
  }

  @Test
  void wrongArgumentsWalkNothingAndTheExitCodeIsTwo() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exitCode = CheckLinks.run(new PrintStream(printed, true, StandardCharsets.UTF_8), "--grafana=g", "--admin=a");
    assertThat(exitCode).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("check-links: --receiver=URL is missing\n"
        + "usage: CheckLinks --grafana=URL --receiver=URL --admin=URL [--patience=30s]\n"
        + "   or: CheckLinks --prometheus=URL --jaeger=URL --receiver=URL --admin=URL [--patience=30s]\n");
  }

  @Test
  void withoutTheStacksFilesNothingIsWalkedAndOneLineSaysWhere(@TempDir Path elsewhere) {
    String root = System.getProperty("stack.root");
    System.setProperty("stack.root", elsewhere.toString());
    try {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exitCode = CheckLinks.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
          "--grafana=http://g", "--receiver=http://r", "--admin=http://a");
      assertThat(exitCode).isEqualTo(2);
      assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("check-links: cannot read the stack's files: no"
          + " docker-compose.yml under " + elsewhere.toAbsolutePath() + ": run from the repository's root, or set -Dstack.root\n");
    } finally {
      if (root == null) {
        System.clearProperty("stack.root");
      } else {
        System.setProperty("stack.root", root);
      }
    }
  }

  @Test
  void whenGrafanaDoesNotAnswerNothingIsWalkedAndTheExitCodeIsTwo() throws IOException {
    String closed = "http://127.0.0.1:" + aPortNobodyListensOn();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    CheckLinks.Checked checked = CheckLinks.check(CheckLinks.Settings.parse("--grafana=" + closed,
        "--receiver=" + closed, "--admin=" + closed), Provisioning.ofTheRepository(), new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(checked.exitCode()).as("the exit code docs/troubleshooting.md gives").isEqualTo(2);
    assertThat(checked.results()).isEmpty();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("✗ Grafana does not answer at " + closed + " (connection refused): is the stack up? make up\n");
  }

  @Test
  void grafanaTimeShiftsAreReadAsGrafanaWritesThem() {
    assertThat(Window.shift("-1m", Duration.ZERO)).isEqualTo(Duration.ofMinutes(-1));
    assertThat(Window.shift("5m", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Window.shift("30s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Window.shift("", Duration.ofSeconds(7))).as("none provisioned").isEqualTo(Duration.ofSeconds(7));
  }

  /** A frame as Grafana's JSON wire format lays it out: field names in the schema, a column of values per field. */
  @Test
  void framesAreReadColumnByColumnAcrossFrames() {
    JsonNode frames = WebApi.json("""
        [{"schema": {"name": "A", "fields": [{"name": "traceID", "type": "string"}, {"name": "operationName", "type": "string"}]},
          "data": {"values": [["t1", "t1"], ["POST /receive", "decode"]]}},
         {"schema": {"fields": [{"name": "operationName", "type": "string"}]}, "data": {"values": [["unmarshal"]]}}]
        """);
    assertThat(Frames.column(frames, "operationName")).extracting(JsonNode::asText).containsExactly("POST /receive", "decode", "unmarshal");
    assertThat(Frames.column(frames, "OPERATIONNAME")).hasSize(3);
    assertThat(Frames.column(frames, "line")).isEmpty();
    assertThat(Frames.rows(frames)).isEqualTo(3);
    assertThat(Frames.rows(WebApi.json("[{\"schema\": {\"fields\": []}, \"data\": {\"values\": []}}]"))).isZero();
  }

  private static int aPortNobodyListensOn() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
