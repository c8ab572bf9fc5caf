package dev.o11y.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One of the stack's programs run natively: its output in a log file, stopped with SIGTERM. */
final class NativeProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private NativeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts it with the environment its compose service sets (GOMEMLIMIT, for one). */
  static NativeProcess start(String name, List<String> command, Path dir) throws IOException {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(StackFiles.environment(name));
    return new NativeProcess(name, builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until GET 127.0.0.1:port/path answers 200, failing early with the log if it exits. */
  void awaitOk(int port, String path, Duration timeout) {
    Waits.until(name + " to answer 200 on " + path, timeout, () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        return Http.get(port, path).statusCode() == 200 ? Optional.of(true) : Optional.empty();
      } catch (UncheckedIOException notYetListening) {
        return Optional.empty();
      }
    });
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.toHandle().destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
