package dev.o11y.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The samples of a JFR recording as the Pyroscope agent uploads it: CPU (jdk.ExecutionSample),
 * allocation (jdk.ObjectAllocation*) and lock (jdk.JavaMonitorEnter) events, each with the time
 * it was taken, its stack as "Class.method" frames and the span ID the OpenTelemetry extension
 * labelled it with.
 */
public final class JfrSamples {

  public static final String CPU = "jdk.ExecutionSample";
  public static final String LOCK = "jdk.JavaMonitorEnter";
  public static final List<String> ALLOCATION = List.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB");

  /**
   * Each recording parsed once, as tests poll the same uploads many times: keyed by the array
   * itself, and forgotten with the sink that holds it. Frame names are shared between samples.
   */
  private static final Map<byte[], List<Sample>> PARSED = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<String, String> FRAMES = new ConcurrentHashMap<>();

  /** spanId is the span's ID read as a signed 64-bit number; 0 outside any span. */
  public record Sample(String type, Instant time, List<String> frames, long spanId) {
    public boolean hasFrame(String classDotMethod) {
      return frames.stream().anyMatch(f -> f.endsWith(classDotMethod));
    }

    public boolean isCpu() {
      return type.equals(CPU);
    }
  }

  private JfrSamples() {}

  /** The samples of one recording; a recording that does not parse fails the test. */
  public static List<Sample> of(byte[] jfr) {
    List<Sample> parsed = PARSED.get(jfr);
    if (parsed == null) {
      parsed = parse(jfr);
      PARSED.put(jfr, parsed);
    }
    return parsed;
  }

  /** Every sample of every JFR part of these uploads. */
  public static List<Sample> of(List<ProfileSink.Upload> uploads) {
    return uploads.stream().filter(u -> u.parts().containsKey("jfr"))
        .flatMap(u -> of(u.parts().get("jfr")).stream()).toList();
  }

  /** Every sample of every JFR part the sink has received so far. */
  public static List<Sample> of(ProfileSink sink) {
    return of(sink.uploads());
  }

  private static List<Sample> parse(byte[] jfr) {
    try {
      Path file = Files.createTempFile("upload-", ".jfr");
      try {
        Files.write(file, jfr);
        return RecordingFile.readAllEvents(file).stream().map(JfrSamples::sample).toList();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a JFR upload that does not parse", e);
    }
  }

  private static Sample sample(RecordedEvent e) {
    List<String> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames().stream()
        .map(JfrSamples::frame).toList();
    return new Sample(e.getEventType().getName(), e.getStartTime(), frames, e.hasField("spanId") ? e.getLong("spanId") : 0);
  }

  private static String frame(RecordedFrame f) {
    String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
    return FRAMES.computeIfAbsent(name, n -> n);
  }
}
