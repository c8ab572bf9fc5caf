package dev.o11y.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built receiver jar as a real process on ephemeral loopback ports, its output (stdout
 * and stderr) collected line by line. Stopping sends SIGTERM, as an orchestrator would.
 */
public final class ReceiverProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("public=\\S*?:(\\d+).*internal=\\S*?:(\\d+)|\"public\":\"[^\"]*?:(\\d+)\",\"internal\":\"[^\"]*?:(\\d+)\"");

  private final Process process;
  private final Thread reader;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private int publicPort = -1;
  private int internalPort = -1;

  private ReceiverProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended; what was read is kept.
      }
    }, "receiver-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static Path jar() {
    return Path.of(System.getProperty("receiver.jar", "target/receiver.jar"));
  }

  public static Path jvmArgs() {
    return Path.of(System.getProperty("jvm.args", "jvm.args"));
  }

  /** Both agents' options, as {@code @agents.args}; their paths hold in the jar's directory. */
  public static String withAgents() {
    return "@" + Path.of(System.getProperty("agents.args", "agents.args")).toAbsolutePath();
  }

  /** Starts the jar with extra JVM options, flags and environment, and waits until it listens. */
  public static ReceiverProcess start(List<String> jvmOptions, List<String> flags, Map<String, String> env,
      Duration startTimeout) {
    ReceiverProcess receiver = launch(jvmOptions, flags, env);
    receiver.awaitListening(startTimeout);
    return receiver;
  }

  /** Starts the jar and returns at once, for tests of start-up failures. */
  public static ReceiverProcess launch(List<String> jvmOptions, List<String> flags, Map<String, String> env) {
    if (!Files.isRegularFile(jar())) {
      throw new IllegalStateException(jar() + " is missing: run `mvn package` (or `make build`) first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-XX:MaxRAM="))) {
      command.add("-Xmx256m");
    }
    command.add("@" + jvmArgs().toAbsolutePath()); // the service's own JVM options, as make run and the image use them
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    if (flags.stream().noneMatch(f -> f.startsWith("--listen-address"))) {
      command.add("--listen-address=127.0.0.1:0");
    }
    if (flags.stream().noneMatch(f -> f.startsWith("--internal-listen-address"))) {
      command.add("--internal-listen-address=127.0.0.1:0");
    }
    command.addAll(flags);
    // In the jar's directory, as make run and the image start it: agents/ lies beside the jar.
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(jar().toAbsolutePath().getParent().toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("RECEIVER_") || k.startsWith("OTEL_")
        || k.startsWith("PYROSCOPE_") || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(env);
    try {
      return new ReceiverProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening(Duration timeout) {
    String line = awaitLine(l -> l.contains("receiver listening"), timeout);
    Matcher m = LISTENING.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("cannot read the ports from: " + line);
    }
    publicPort = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3));
    internalPort = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
  }

  /** Waits for a line of output that matches, failing with the output so far after the timeout. */
  public String awaitLine(Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> snapshot = List.copyOf(lines);
      for (String line : snapshot) {
        if (matches.test(line)) {
          return line;
        }
      }
      if (!process.isAlive() && !reader.isAlive() && lines.size() == snapshot.size()) {
        throw new IllegalStateException("receiver exited with " + process.exitValue() + ":\n" + output());
      }
      sleep(Duration.ofMillis(20));
    }
    throw new IllegalStateException("no matching line within " + timeout + ":\n" + output());
  }

  public int publicPort() {
    return publicPort;
  }

  public int internalPort() {
    return internalPort;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String output() {
    return String.join("\n", lines);
  }

  public Process process() {
    return process;
  }

  /** SIGTERM, then wait for the exit; returns the exit code. */
  public int stop(Duration timeout) {
    // Process.destroy() would also close our end of the output pipe; the handle only signals.
    process.toHandle().destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("receiver did not exit within " + timeout + " of SIGTERM");
      }
      // The output ends when the process does: read it to the last line ("exiting").
      reader.join(timeout.toMillis());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
