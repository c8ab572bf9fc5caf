package dev.o11y;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.support.ComplianceResults;
import dev.o11y.support.ReceiverProcess;
import dev.o11y.support.StackFiles;
import dev.o11y.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Prometheus remote-write receiver compliance suite (github.com/prometheus/compliance,
 * remotewrite/receiver), built from the Go module proxy by scripts/native-tools.sh, run against
 * the receiver jar of this build. Every MUST passes; every SHOULD or MAY that does not is named,
 * with its reason, in docs/remote-write-rules.md. The summary lands in target/compliance/.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteWriteComplianceIT {

  @Test
  void everyMustPassesAndEveryOtherMissIsDocumented() throws Exception {
    Path suite = Tools.requireNative("rw-compliance");
    Path out = Files.createDirectories(Path.of("target", "compliance"));
    try (ReceiverProcess receiver = ReceiverProcess.start(List.of(), List.of(), Map.of(), Duration.ofSeconds(60))) {
      // The suite's own configuration: a Prometheus config whose remote_write names the receiver.
      Path config = out.resolve("receiver.yml");
      Files.writeString(config, """
          remote_write:
            - name: receiver
              url: http://127.0.0.1:%d/api/v1/write
          """.formatted(receiver.publicPort()));
      ProcessBuilder builder = new ProcessBuilder(suite.toString(), "-test.v", "-test.timeout=120s")
          .directory(out.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.resolve("output.txt").toFile());
      builder.environment().put("PROMETHEUS_RW2_COMPLIANCE_CONFIG_FILE", config.toAbsolutePath().toString());
      Process run = builder.start();
      assertThat(run.waitFor(150, TimeUnit.SECONDS)).as("the suite finishes within its own timeout").isTrue();
      ComplianceResults results = ComplianceResults.parse(Files.readString(out.resolve("output.txt"), StandardCharsets.UTF_8));
      Files.writeString(out.resolve("summary.txt"), results.summary());

      assertThat(results.cases()).as("leaf cases the suite ran").hasSizeGreaterThan(150);
      assertThat(results.failing("MUST")).as("MUST cases that fail, see target/compliance/output.txt").isEmpty();
      Set<String> missed = new TreeSet<>(results.failing("SHOULD"));
      missed.addAll(results.failing("MAY"));
      assertThat(missed).as("SHOULD and MAY cases not passed must be exactly those docs/remote-write-rules.md names")
          .isEqualTo(documentedMisses());
    }
  }

  /** The case names listed under "Compliance cases we do not pass" in the rules document. */
  private static Set<String> documentedMisses() {
    String doc = StackFiles.read("docs/remote-write-rules.md");
    String section = doc.substring(doc.indexOf("## Compliance cases we do not pass"));
    int next = section.indexOf("\n## ", 4);
    section = next > 0 ? section.substring(0, next) : section;
    Set<String> names = new TreeSet<>();
    for (String line : section.lines().toList()) {
      if (line.startsWith("| `Test")) {
        names.add(line.substring(3, line.indexOf('`', 3)));
      }
    }
    return names;
  }
}
