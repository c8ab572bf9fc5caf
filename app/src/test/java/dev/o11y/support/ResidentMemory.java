package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process's resident memory, read from /proc/PID/status (Linux): VmRSS now and VmHWM, its
 * high-water mark since it started. Resident memory is what a container's memory limit counts
 * for a process; the kernel keeps the peak, so no sample can miss it.
 */
public final class ResidentMemory {

  private static final String MEMORY_FACTS = "stack-tests/src/test/resources/memory.yaml";

  private ResidentMemory() {}

  /** Whether this machine has /proc with the fields read here. */
  public static boolean available() {
    return peakBytes(ProcessHandle.current().pid()).isPresent();
  }

  /** The largest resident set the process has had; empty once it has exited, or without /proc. */
  public static Optional<Long> peakBytes(long pid) {
    return field(pid, "VmHWM:");
  }

  public static Optional<Long> currentBytes(long pid) {
    return field(pid, "VmRSS:");
  }

  /**
   * The anonymous part of the resident set (RssAnon): what a container cannot give back under
   * its limit, unlike pages of memory-mapped files, which the kernel drops and reads again.
   */
  public static Optional<Long> anonymousBytes(long pid) {
    return field(pid, "RssAnon:");
  }

  private static Optional<Long> field(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) {
          // "VmHWM:	  123456 kB"
          return Optional.of(Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The rule memory.yaml keeps for every service: its mem_limit at least 1.5 times its peak. */
  public static void assertLimitHoldsPeak(String service, long peakBytes, long limitBytes) {
    if (peakBytes * 3 / 2 > limitBytes) {
      throw new AssertionError(service + ": 1.5 x its peak resident memory, " + mib(peakBytes)
          + " MiB, is over its mem_limit of " + mib(limitBytes) + " MiB");
    }
  }

  /**
   * The peak stack-tests/src/test/resources/memory.yaml records for a service, the figure its
   * mem_limit rests on: a live peak above it means the record, and maybe the limit, are out of date.
   */
  public static long recordedPeakBytes(String service) {
    JsonNode peak = StackFiles.yaml(MEMORY_FACTS).path("services").path(service).path("peak_mib");
    if (!peak.canConvertToLong() || peak.asLong() <= 0) {
      throw new AssertionError(MEMORY_FACTS + " records no peak_mib for " + service);
    }
    return peak.asLong() * 1024 * 1024;
  }

  /** Both rules of memory.yaml for a peak seen live: within the recorded peak, and the limit 1.5 times that. */
  public static void assertPeakWithinRecordAndLimit(String service, long peakBytes, long limitBytes) {
    long recorded = recordedPeakBytes(service);
    if (peakBytes > recorded) {
      throw new AssertionError(service + ": peak resident memory " + mib(peakBytes) + " MiB is above the "
          + mib(recorded) + " MiB that " + MEMORY_FACTS + " records: measure again (make footprint) and update it");
    }
    assertLimitHoldsPeak(service, peakBytes, limitBytes);
  }

  public static String mib(long bytes) {
    return Long.toString(Math.round(bytes / (1024.0 * 1024.0)));
  }
}
