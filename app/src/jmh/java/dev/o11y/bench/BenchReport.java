package dev.o11y.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the decode benchmarks (with the GC profiler) and prints MB/s, samples/s and
 * allocation per fixture set for each path, and the receiver's ratios to both baselines.
 */
public final class BenchReport {

  public static void main(String[] args) throws Exception {
    Bodies bodies = new Bodies();
    Options options = new OptionsBuilder()
        .include(DecodeBenchmark.class.getSimpleName())
        .addProfiler("gc")
        .build();
    Collection<RunResult> results = new Runner(options).run();

    Map<String, double[]> byName = new TreeMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      double opsPerSecond = result.getPrimaryResult().getScore();
      double allocPerOp = result.getSecondaryResults().containsKey("·gc.alloc.rate.norm")
          ? result.getSecondaryResults().get("·gc.alloc.rate.norm").getScore()
          : result.getSecondaryResults().entrySet().stream().filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
              .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
      byName.put(name, new double[] {opsPerSecond, allocPerOp});
    }

    System.out.printf(Locale.ROOT, "%nDecode, one core, %d fixture bodies per op, %d samples, %.0f KB (1.0) / %.0f KB (2.0) compressed%n",
        bodies.v1.size(), bodies.samples, bodies.compressedBytesV1 / 1e3, bodies.compressedBytesV2 / 1e3);
    System.out.printf(Locale.ROOT, "%-18s %12s %10s %14s %14s%n", "path", "requests/s", "MB/s", "samples/s", "alloc B/req");
    byName.forEach((name, r) -> {
      boolean v2 = name.endsWith("V2");
      double bytes = v2 ? bodies.compressedBytesV2 : bodies.compressedBytesV1;
      System.out.printf(Locale.ROOT, "%-18s %12.0f %10.1f %14.0f %14.0f%n", name, r[0] * bodies.v1.size(),
          r[0] * bytes / 1e6, r[0] * bodies.samples, r[1] / bodies.v1.size());
    });
    for (String version : new String[] {"V1", "V2"}) {
      double receiver = byName.get("receiver" + version)[0];
      double plain = byName.get("plainParse" + version)[0];
      double walk = byName.get("countOnlyWalk" + version)[0];
      double validating = byName.get("validatingWalk" + version)[0];
      System.out.printf(Locale.ROOT, "%s: receiver / plain parse = %.2f, receiver / count-only walk = %.2f, "
          + "receiver / validating walk = %.2f, validating / count-only walk = %.2f%n",
          version, receiver / plain, receiver / walk, receiver / validating, validating / walk);
    }
  }
}
