package dev.o11y.bench;

import dev.o11y.remotewrite.Utf8;
import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * The UTF-8 check alone, on the strings the receiver checks: every label name and value of
 * the 1.0 fixtures (V1), every symbol of the real 2.0 fixtures (V2Real), laid end to end as
 * they lie in a body. One operation checks every string of a set once. {@code before} is the
 * check as it was (eight ASCII bytes at a time, then byte by byte), kept here to compare.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class Utf8Benchmark {

  Strings v1;
  Strings v2Real;

  /** Strings end to end in one array, and where each starts and ends. */
  record Strings(byte[] bytes, int[] bounds) {
    static Strings of(List<String> strings) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int[] bounds = new int[strings.size() + 1];
      for (int i = 0; i < strings.size(); i++) {
        out.writeBytes(strings.get(i).getBytes(StandardCharsets.UTF_8));
        bounds[i + 1] = out.size();
      }
      return new Strings(out.toByteArray(), bounds);
    }

    int count() {
      return bounds.length - 1;
    }
  }

  interface Check {
    boolean isValid(byte[] b, int from, int to);
  }

  @Setup
  public void setup() throws IOException {
    Bodies bodies = new Bodies();
    List<String> labels = new ArrayList<>();
    for (byte[] body : bodies.v1) {
      for (RemoteWriteV1.TimeSeries ts : RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(body)).getTimeseriesList()) {
        ts.getLabelsList().forEach(label -> {
          labels.add(label.getName());
          labels.add(label.getValue());
        });
      }
    }
    List<String> symbols = new ArrayList<>();
    for (byte[] body : bodies.v2Real) {
      symbols.addAll(RemoteWriteV2.Request.parseFrom(Snappy.uncompress(body)).getSymbolsList());
    }
    v1 = Strings.of(labels);
    v2Real = Strings.of(symbols);
  }

  @Benchmark
  public int receiverV1() {
    return checkAll(v1, Utf8::isValid);
  }

  @Benchmark
  public int beforeV1() {
    return checkAll(v1, Before::isValid);
  }

  @Benchmark
  public int receiverV2Real() {
    return checkAll(v2Real, Utf8::isValid);
  }

  @Benchmark
  public int beforeV2Real() {
    return checkAll(v2Real, Before::isValid);
  }

  private static int checkAll(Strings strings, Check check) {
    int valid = 0;
    for (int i = 0; i < strings.count(); i++) {
      valid += check.isValid(strings.bytes, strings.bounds[i], strings.bounds[i + 1]) ? 1 : 0;
    }
    return valid;
  }

  /** The receiver's check before the word reads (commit e17e7e2), unchanged. */
  static final class Before {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    public static boolean isValid(byte[] b, int from, int to) {
      int i = from;
      // Eight bytes at a time while they are all ASCII (no high bit set).
      while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      while (i < to) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
          i++;
          continue;
        }
        int need;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
          need = 1;
          min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
          need = 2;
          min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
          need = 3;
          min = 0x10000;
        } else {
          return false;
        }
        int code = c & (0x3f >> need);
        for (int k = 1; k <= need; k++) {
          if (i + k >= to) {
            return false;
          }
          int cc = b[i + k] & 0xff;
          if ((cc & 0xc0) != 0x80) {
            return false;
          }
          code = (code << 6) | (cc & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          return false;
        }
        i += need + 1;
      }
      return true;
    }
  }
}
