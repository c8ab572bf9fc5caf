package dev.o11y.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * JVM analogs of Go's net/http/pprof, on the internal port only: a thread dump, a bounded
 * JFR recording, a heap histogram and a GC and memory summary.
 */
public final class DebugRoutes {

  static final int MAX_JFR_SECONDS = 60;
  private static final Semaphore ONE_RECORDING_AT_A_TIME = new Semaphore(1);

  private DebugRoutes() {}

  // region: debug-routes
  public static void register(RoutesConfig routes) {
    routes.get("/debug/", DebugRoutes::index);
    routes.get("/debug/threads", ctx -> text(ctx, diagnosticCommand("threadPrint")));
    routes.get("/debug/heap-histogram", ctx -> text(ctx, diagnosticCommand("gcClassHistogram")));
    routes.get("/debug/memory", ctx -> text(ctx, memorySummary()));
    routes.get("/debug/jfr", DebugRoutes::jfr);
  }
  // endregion

  private static void index(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result("""
        <html><head><title>/debug/</title></head><body>
        <h1>JVM debug endpoints</h1>
        <ul>
        <li><a href="threads">threads</a>: a dump of every thread's stack (pprof goroutine)</li>
        <li><a href="heap-histogram">heap-histogram</a>: live objects by class (pprof heap)</li>
        <li><a href="memory">memory</a>: heap, memory pools and garbage collectors</li>
        <li><a href="jfr?seconds=10">jfr?seconds=10</a>: a Java Flight Recorder profile,
            1 to %d seconds; open it with JDK Mission Control or `jfr print` (pprof profile)</li>
        </ul></body></html>
        """.formatted(MAX_JFR_SECONDS));
  }

  /** Runs a jcmd command in-process through the DiagnosticCommand MBean. */
  static String diagnosticCommand(String operation) throws Exception {
    ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
    return (String) ManagementFactory.getPlatformMBeanServer().invoke(
        name, operation, new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  static String memorySummary() {
    StringBuilder out = new StringBuilder();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    out.append("heap: ").append(usage(heap)).append('\n');
    out.append("non-heap: ").append(usage(nonHeap)).append("\n\npools:\n");
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      out.append("  ").append(pool.getName()).append(" (").append(pool.getType()).append("): ")
          .append(usage(pool.getUsage())).append('\n');
    }
    out.append("\ngarbage collectors:\n");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.append("  ").append(gc.getName()).append(": ").append(gc.getCollectionCount())
          .append(" collections, ").append(gc.getCollectionTime()).append(" ms\n");
    }
    return out.toString();
  }

  private static String usage(MemoryUsage usage) {
    return "used=" + mib(usage.getUsed()) + " committed=" + mib(usage.getCommitted())
        + " max=" + (usage.getMax() < 0 ? "unbounded" : mib(usage.getMax()));
  }

  private static String mib(long bytes) {
    return String.format("%.1fMiB", bytes / 1048576.0);
  }

  // region: jfr-bounds
  /** Records for N seconds (bounded) with the "profile" settings, one recording at a time. */
  private static void jfr(Context ctx) throws Exception {
    int seconds;
    try {
      seconds = Integer.parseInt(ctx.queryParamAsClass("seconds", String.class).getOrDefault("10"));
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_JFR_SECONDS) {
      ctx.status(400).result("seconds must be a number from 1 to " + MAX_JFR_SECONDS + "\n");
      return;
    }
    if (!ONE_RECORDING_AT_A_TIME.tryAcquire()) {
      ctx.status(429).result("a recording is already running; try again when it ends\n");
      return;
    }
  // endregion
    Path file = Files.createTempFile("receiver-", ".jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.setName("debug-jfr");
      recording.start();
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
      recording.stop();
      recording.dump(file);
      ctx.contentType("application/octet-stream")
          .header("Content-Disposition", "attachment; filename=\"receiver.jfr\"")
          .result(Files.readAllBytes(file));
    } finally {
      Files.deleteIfExists(file);
      ONE_RECORDING_AT_A_TIME.release();
    }
  }

  private static void text(Context ctx, String body) throws IOException {
    ctx.contentType("text/plain; charset=utf-8").result(body);
  }
}
