package dev.o11y.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one function that turns the stack's configs into loopback ones: host names and ports only. */
class StackFilesTest {

  private static final Set<String> SERVICES = Set.of("app", "jaeger", "prometheus");

  @Test
  void servicesAndOwnListenersBecomeLoopbackPortsAndNothingElseChanges() {
    LoopbackPorts ports = new LoopbackPorts();
    String config = """
        targets: ["app:8081", "localhost:9090"]
        url: http://app:8080/receive
        endpoint: 0.0.0.0:4318
        interval: 5s
        exporter:
          prometheus:
            host: 0.0.0.0
            port: 8888
        """;
    String rendered = StackFiles.renderForLoopback("prometheus", config, SERVICES, ports);
    assertThat(rendered).isEqualTo("""
        targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
        url: http://127.0.0.1:%d/receive
        endpoint: 127.0.0.1:%d
        interval: 5s
        exporter:
          prometheus:
            host: 127.0.0.1
            port: %d
        """.formatted(ports.of("app", 8081), ports.of("prometheus", 9090), ports.of("app", 8080),
        ports.of("prometheus", 4318), ports.of("prometheus", 8888)));
    assertThat(ports.all()).hasSize(5);
  }

  @Test
  void theSamePortStandsForTheSameListenerInEveryFile() {
    LoopbackPorts ports = new LoopbackPorts();
    String inPrometheus = StackFiles.renderForLoopback("prometheus", "jaeger:8889", SERVICES, ports);
    String inJaeger = StackFiles.renderForLoopback("jaeger", "endpoint: 0.0.0.0:8889", SERVICES, ports);
    assertThat(inJaeger).isEqualTo("endpoint: " + inPrometheus);
  }

  @Test
  void aHostThatIsNoComposeServiceIsRefused() {
    assertThatThrownBy(() -> StackFiles.renderForLoopback("prometheus", "url: http://example:9000/x", SERVICES, new LoopbackPorts()))
        .hasMessageContaining("example");
  }

  @Test
  void theStackFilesRenderWithNoHostLeft() {
    LoopbackPorts ports = new LoopbackPorts();
    for (String[] file : new String[][] {{"prometheus", "prometheus/prometheus.yml"}, {"jaeger", "jaeger/config.yaml"}}) {
      String rendered = StackFiles.renderForLoopback(file[0], StackFiles.read(file[1]), StackFiles.services(), ports);
      for (String service : StackFiles.services()) {
        assertThat(rendered).as(file[1]).doesNotContainPattern("\\b" + service + ":\\d").doesNotContainPattern("0\\.0\\.0\\.0:\\d");
      }
      assertThat(rendered).doesNotContainPattern("host: 0\\.0\\.0\\.0");
    }
  }

  @Test
  void aComposeCommandKeepsItsFlagsAndTakesThisMachinesPathsWhereAsked() {
    List<String> compose = StackFiles.command("prometheus", Map.of());
    assertThat(compose).anyMatch(f -> f.startsWith("--config.file=/"));
    List<String> here = StackFiles.command("prometheus", Map.of("--config.file=", "--config.file=here.yml"));
    assertThat(here).hasSameSizeAs(compose).contains("--config.file=here.yml")
        .noneMatch(f -> f.startsWith("--config.file=/"));
    assertThat(here).containsAll(compose.stream().filter(f -> !f.startsWith("--config.file=")).toList());
  }
}
