package dev.o11y.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines `make check-links` prints, and the exit code it returns. */
class ReportTest {

  private static final HopResult TICK = HopResult.tick(Hop.EXEMPLAR_TO_TRACE,
      "Jaeger trace 0af7651916cd43dd8448eb211c80319c with POST /receive, decode, unmarshal", Duration.ofMillis(2140));
  private static final HopResult CROSS = HopResult.cross(Hop.TRACE_TO_LOGS,
      "Loki returned no line for {service_name=\"receiver\"} | trace_id=\"0af7651916cd43dd8448eb211c80319c\"",
      "loki/loki.yaml (otlp_config) and OTEL_EXPORTER_OTLP_LOGS_ENDPOINT in docker-compose.yml", Duration.ofSeconds(30));
  private static final HopResult SKIPPED = HopResult.skipped(Hop.SPAN_TO_PROFILE,
      "a drill is running, and the doctor leaves it so (make drill-stop, then again)", Duration.ZERO);

  @Test
  void aTickSaysWhatCameBackAndHowLongTheHopTook() {
    assertThat(TICK.line()).isEqualTo(
        "✓ exemplar → trace         Jaeger trace 0af7651916cd43dd8448eb211c80319c with POST /receive, decode, unmarshal (2.1 s)");
  }

  @Test
  void aCrossSaysWhyAndWhichFileToLookAt() {
    assertThat(CROSS.line()).isEqualTo("✗ trace → logs             Loki returned no line for {service_name=\"receiver\"}"
        + " | trace_id=\"0af7651916cd43dd8448eb211c80319c\": look at loki/loki.yaml (otlp_config) and"
        + " OTEL_EXPORTER_OTLP_LOGS_ENDPOINT in docker-compose.yml (30.0 s)");
  }

  @Test
  void aSkipSaysWhyTheHopWasNotChecked() {
    assertThat(SKIPPED.line()).isEqualTo("– span → profile           skipped: a drill is running, and the doctor"
        + " leaves it so (make drill-stop, then again) (0.0 s)");
  }

  @Test
  void theTitlesLineUpUnderTheLongest() {
    HopResult longest = HopResult.tick(Hop.PROFILE_TO_LOGS_AND_TRACES, "x", Duration.ZERO);
    assertThat(longest.line()).startsWith("✓ profile → logs, traces   x");
    assertThat(TICK.line().indexOf("Jaeger")).isEqualTo(longest.line().indexOf(" x") + 1);
  }

  @Test
  void anyCrossMakesTheExitCodeOneAndSkipsDoNot() {
    assertThat(Report.exitCode(List.of(TICK, SKIPPED))).isEqualTo(Report.WALK_WORKS).isZero();
    assertThat(Report.exitCode(List.of(TICK, CROSS, SKIPPED))).isEqualTo(Report.A_HOP_IS_BROKEN).isEqualTo(1);
    // Exit 2, nothing walked, is CheckLinks' to return: CheckLinksTest runs it with nothing to walk.
  }

  @Test
  void theSummaryCountsEachOutcomeAndSaysWhatToDo() {
    List<HopResult> everyHopTicked = Arrays.stream(Hop.values()).map(hop -> HopResult.tick(hop, "x", Duration.ZERO)).toList();
    assertThat(Report.summary(everyHopTicked)).as("the line StackIT expects").isEqualTo("7 ✓: the walk works.");
    assertThat(Report.summary(List.of(TICK, TICK, SKIPPED))).isEqualTo("2 ✓, 1 skipped: the walk works.");
    assertThat(Report.summary(List.of(TICK, CROSS, SKIPPED)))
        .isEqualTo("1 ✓, 1 ✗, 1 skipped: fix what each ✗ line names, then run make check-links again.");
  }

  @Test
  void aStackThatDoesNotAnswerIsToldToStart() {
    assertThat(Report.unreachable("Grafana does not answer at http://127.0.0.1:13000 (connection refused)"))
        .isEqualTo("✗ Grafana does not answer at http://127.0.0.1:13000 (connection refused): is the stack up? make up");
  }
}
