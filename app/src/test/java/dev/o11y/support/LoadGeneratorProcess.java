package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
