package dev.o11y.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a JFR recording: the methods most often on top of the sampled stacks
 * (self), and the decoder's methods by the share of samples they are anywhere in (total).
 * Needs only the JDK, so that it runs as a source file:
 * {@code java JfrSummary.java recording.jfr [lines]}.
 */
public final class JfrSummary {

  public static void main(String[] args) throws IOException {
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>(); // a recursive method counts once per sample
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith("dev.o11y.remotewrite.") && seen.add(name)) {
          total.merge(name, 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d CPU samples%n", samples);
    print("self", self, samples, lines);
    print("total, the decoder's methods", total, samples, lines);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int lines) {
    System.out.printf(Locale.ROOT, "  %s:%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(lines)
        .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
