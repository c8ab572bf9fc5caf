package dev.o11y.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the decode benchmarks (with the GC profiler) in rounds: each round runs every path
 * once, briefly, in an order that rotates from round to round, so that a slow minute on a
 * shared machine does not land on one path only. Prints the median MB/s, samples/s and
 * allocation of each path, and the receiver's ratios to the baselines, taken within each
 * round, as median and range.
 */
public final class BenchReport {

  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final List<String> PATHS = List.of(
      "receiverV1", "plainParseV1", "countOnlyWalkV1", "validatingWalkV1",
      "receiverV2", "plainParseV2", "countOnlyWalkV2", "validatingWalkV2",
      "receiverV2Real", "plainParseV2Real", "countOnlyWalkV2Real", "validatingWalkV2Real");
  private static final List<String> UTF8_PATHS = List.of("receiverV1", "beforeV1", "receiverV2Real", "beforeV2Real");

  public static void main(String[] args) throws IOException, RunnerException {
    Bodies bodies = new Bodies();
    Map<String, List<Double>> opsPerSecond = new TreeMap<>();
    Map<String, List<Double>> allocPerOp = new TreeMap<>();
    Map<String, List<Double>> utf8OpsPerSecond = new TreeMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < UTF8_PATHS.size(); i++) {
        String path = UTF8_PATHS.get((i + round) % UTF8_PATHS.size());
        utf8OpsPerSecond.computeIfAbsent(path, p -> new ArrayList<>()).add(run(Utf8Benchmark.class, path).getPrimaryResult().getScore());
      }
      for (int i = 0; i < PATHS.size(); i++) {
        String path = PATHS.get((i + round) % PATHS.size());
        RunResult result = run(DecodeBenchmark.class, path);
        opsPerSecond.computeIfAbsent(path, p -> new ArrayList<>()).add(result.getPrimaryResult().getScore());
        allocPerOp.computeIfAbsent(path, p -> new ArrayList<>()).add(result.getSecondaryResults().entrySet().stream()
            .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
            .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN));
      }
    }

    System.out.printf(Locale.ROOT, "%nDecode, one core, medians of %d rounds. V1: %d Prometheus 2.42 bodies, %d samples, %.0f KB;"
        + " V2: the same series as 2.0, %.0f KB; V2Real: %d Prometheus 3.16 2.0 bodies, %d samples and histograms, %.0f KB (compressed)%n",
        ROUNDS, bodies.v1.size(), bodies.samples, bodies.compressedBytesV1 / 1e3, bodies.compressedBytesV2 / 1e3,
        bodies.v2Real.size(), bodies.samplesV2Real, bodies.compressedBytesV2Real / 1e3);
    System.out.printf(Locale.ROOT, "%-22s %12s %10s %14s %14s%n", "path", "requests/s", "MB/s", "samples/s", "alloc B/req");
    opsPerSecond.forEach((path, scores) -> {
      double ops = median(scores);
      boolean real = path.endsWith("V2Real");
      double bytes = real ? bodies.compressedBytesV2Real : path.endsWith("V2") ? bodies.compressedBytesV2 : bodies.compressedBytesV1;
      int requests = real ? bodies.v2Real.size() : bodies.v1.size();
      long samples = real ? bodies.samplesV2Real : bodies.samples;
      System.out.printf(Locale.ROOT, "%-22s %12.0f %10.1f %14.0f %14.0f%n", path, ops * requests,
          ops * bytes / 1e6, ops * samples, median(allocPerOp.get(path)) / requests);
    });
    Utf8Benchmark strings = new Utf8Benchmark();
    strings.setup();
    System.out.printf(Locale.ROOT, "%nUTF-8 check alone, one core, medians of %d rounds: V1 the %d label names and values of the 1.0 bodies,"
        + " V2Real the %d symbols of the real 2.0 bodies%n", ROUNDS, strings.v1.count(), strings.v2Real.count());
    System.out.printf(Locale.ROOT, "%-22s %14s %10s%n", "path", "strings/s", "MB/s");
    utf8OpsPerSecond.forEach((path, scores) -> {
      Utf8Benchmark.Strings set = path.endsWith("V1") ? strings.v1 : strings.v2Real;
      double ops = median(scores);
      System.out.printf(Locale.ROOT, "%-22s %14.0f %10.1f%n", path, ops * set.count(), ops * set.bytes().length / 1e6);
    });
    System.out.printf(Locale.ROOT, "UTF-8 check, receiver / before: V1 %s, V2Real %s%n",
        ratio(utf8OpsPerSecond, "receiver", "before", "V1"), ratio(utf8OpsPerSecond, "receiver", "before", "V2Real"));
    for (String version : new String[] {"V1", "V2", "V2Real"}) {
      System.out.printf(Locale.ROOT, "%s: receiver / plain parse = %s, receiver / count-only walk = %s, "
          + "receiver / validating walk = %s, validating / count-only walk = %s%n", version,
          ratio(opsPerSecond, "receiver", "plainParse", version), ratio(opsPerSecond, "receiver", "countOnlyWalk", version),
          ratio(opsPerSecond, "receiver", "validatingWalk", version), ratio(opsPerSecond, "validatingWalk", "countOnlyWalk", version));
    }
  }

  private static RunResult run(Class<?> benchmark, String path) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(benchmark.getName() + "." + path + "$")
        .forks(1)
        .warmupIterations(2).warmupTime(TimeValue.seconds(1))
        .measurementIterations(3).measurementTime(TimeValue.seconds(1))
        .addProfiler("gc")
        .build();
    return new Runner(options).runSingle();
  }

  /** The median over rounds of one path's throughput divided by another's in the same round. */
  private static String ratio(Map<String, List<Double>> scores, String path, String baseline, String version) {
    List<Double> a = scores.get(path + version);
    List<Double> b = scores.get(baseline + version);
    double[] ratios = new double[a.size()];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = a.get(round) / b.get(round);
    }
    Arrays.sort(ratios);
    return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
