package dev.o11y.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The samples of a JFR recording as the Pyroscope agent uploads it: CPU (jdk.ExecutionSample),
 * allocation (jdk.ObjectAllocation*) and lock (jdk.JavaMonitorEnter) events, each with its
 * stack as "Class.method" frames and the span ID the OpenTelemetry extension labelled it with.
 */
public final class JfrSamples {

  public static final String CPU = "jdk.ExecutionSample";
  public static final String LOCK = "jdk.JavaMonitorEnter";
  public static final List<String> ALLOCATION = List.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB");

  /** spanId is the span's ID read as a signed 64-bit number; 0 outside any span. */
  public record Sample(String type, List<String> frames, long spanId) {
    public boolean hasFrame(String classDotMethod) {
      return frames.stream().anyMatch(f -> f.endsWith(classDotMethod));
    }
  }

  private JfrSamples() {}

  public static List<Sample> of(byte[] jfr) {
    try {
      Path file = Files.createTempFile("upload-", ".jfr");
      try {
        Files.write(file, jfr);
        return RecordingFile.readAllEvents(file).stream().map(JfrSamples::sample).toList();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample of every JFR part the sink has received so far. */
  public static List<Sample> of(ProfileSink sink) {
    return sink.uploads().stream().filter(u -> u.parts().containsKey("jfr"))
        .flatMap(u -> of(u.parts().get("jfr")).stream()).toList();
  }

  private static Sample sample(RecordedEvent e) {
    List<String> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames().stream()
        .map(JfrSamples::frame).toList();
    return new Sample(e.getEventType().getName(), frames, e.hasField("spanId") ? e.getLong("spanId") : 0);
  }

  private static String frame(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
