package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The loadgen service: its compose entrypoint, rendered for loopback, its heap sized from its mem_limit. */
public final class LoadGeneratorProcess implements AutoCloseable {

  private final NativeProcess process;

  private LoadGeneratorProcess(NativeProcess process) {
    this.process = process;
  }

  public static LoadGeneratorProcess start(LoopbackPorts ports) throws IOException {
    List<String> command = new ArrayList<>();
    for (JsonNode part : StackFiles.yaml("docker-compose.yml").path("services").path("loadgen").path("entrypoint")) {
      String arg = StackFiles.withComposeDefaults(part.asText());
      if (arg.equals("java")) {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxRAM=" + StackFiles.memLimitBytes("loadgen"));
      } else if (arg.endsWith("/receiver.jar")) {
        command.add(ReceiverProcess.jar().toAbsolutePath().toString());
      } else {
        command.add(StackFiles.renderForLoopback("loadgen", arg, StackFiles.services(), ports));
      }
    }
    return new LoadGeneratorProcess(NativeProcess.start("loadgen", command, Files.createTempDirectory("loadgen-")));
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.alive();
  }

  /** What its last progress line counts. */
  public record Report(long sent, long failed) {}

  /** The counts of its last "loadgen: N requests sent, M failed" line; empty before the first. */
  public Optional<Report> report() {
    Pattern counts = Pattern.compile("(\\d+) requests sent, (\\d+) failed");
    Optional<Matcher> last = process.log().lines().map(counts::matcher)
        .filter(Matcher::find).reduce((first, second) -> second);
    return last.map(m -> new Report(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
  }

  /** Its last progress line ("loadgen: N requests sent, M failed"). */
  public String lastReport() {
    List<String> lines = process.log().lines().toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }

  @Override
  public void close() {
    process.close();
  }
}
