package dev.o11y.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.o11y.remotewrite.WireDecoder;
import dev.o11y.remotewrite.RemoteWriteVersion;
import dev.o11y.remotewrite.SnappyDecoder;
import dev.o11y.remotewrite.Utf8;
import dev.o11y.remotewrite.wire.v1.RemoteWriteV1;
import dev.o11y.remotewrite.wire.v2.RemoteWriteV2;
import java.io.IOException;
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
 * One operation decodes every body of a set once: the 1.0 fixtures (V1), the same series
 * re-encoded as 2.0 (V2), the real 2.0 fixtures (V2Real). Four paths side by side:
 * the receiver's (bounded snappy, one-pass wire decode with validation and counting), plain snappy-java plus
 * protobuf-java parse, a count-only walk of the wire format (the limit without validation), and
 * that walk plus the least validation can be: reading into every string to check its UTF-8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class DecodeBenchmark {

  Bodies bodies;
  SnappyDecoder snappy;

  @Setup
  public void setup() throws IOException {
    bodies = new Bodies();
    snappy = new SnappyDecoder(64L << 20);
  }

  @Benchmark
  public long receiverV1() {
    return receiver(bodies.v1, RemoteWriteVersion.V1);
  }

  @Benchmark
  public long receiverV2() {
    return receiver(bodies.v2, RemoteWriteVersion.V2);
  }

  @Benchmark
  public long receiverV2Real() {
    return receiver(bodies.v2Real, RemoteWriteVersion.V2);
  }

  @Benchmark
  public long plainParseV2Real() throws IOException {
    return plainParse(bodies.v2Real, RemoteWriteVersion.V2);
  }

  @Benchmark
  public long countOnlyWalkV2Real() throws IOException {
    return walk(bodies.v2Real, message -> countSamples(message, 5, 2));
  }

  @Benchmark
  public long validatingWalkV2Real() throws IOException {
    return walk(bodies.v2Real, DecodeBenchmark::countSamplesCheckingSymbols);
  }

  @Benchmark
  public long plainParseV1() throws IOException {
    return plainParse(bodies.v1, RemoteWriteVersion.V1);
  }

  @Benchmark
  public long plainParseV2() throws IOException {
    return plainParse(bodies.v2, RemoteWriteVersion.V2);
  }

  @Benchmark
  public long countOnlyWalkV1() throws IOException {
    return walk(bodies.v1, message -> countSamples(message, 1, 2));
  }

  @Benchmark
  public long countOnlyWalkV2() throws IOException {
    return walk(bodies.v2, message -> countSamples(message, 5, 2));
  }

  @Benchmark
  public long validatingWalkV1() throws IOException {
    return walk(bodies.v1, DecodeBenchmark::countSamplesCheckingLabels);
  }

  @Benchmark
  public long validatingWalkV2() throws IOException {
    return walk(bodies.v2, DecodeBenchmark::countSamplesCheckingSymbols);
  }

  private long receiver(List<byte[]> set, RemoteWriteVersion version) {
    long samples = 0;
    for (byte[] body : set) {
      samples += WireDecoder.decode(version, snappy.decode(body)).samples();
    }
    return samples;
  }

  /** A walk of one decoded message: the samples it counts. */
  @FunctionalInterface
  interface Walk {
    long samples(byte[] message) throws IOException;
  }

  /** Each body of a set uncompressed by plain snappy-java, then walked. */
  private static long walk(List<byte[]> set, Walk walk) throws IOException {
    long samples = 0;
    for (byte[] body : set) {
      samples += walk.samples(Snappy.uncompress(body));
    }
    return samples;
  }

  private static long plainParse(List<byte[]> set, RemoteWriteVersion version) throws IOException {
    long series = 0;
    for (byte[] body : set) {
      byte[] decoded = Snappy.uncompress(body);
      series += version == RemoteWriteVersion.V1 ? RemoteWriteV1.WriteRequest.parseFrom(decoded).getTimeseriesCount()
          : RemoteWriteV2.Request.parseFrom(decoded).getTimeseriesCount();
    }
    return series;
  }

  /** The 1.0 walk, but into each label (series field 1) to check its name and value as UTF-8. */
  static long countSamplesCheckingLabels(byte[] message) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    long samples = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      int series = in.pushLimit(in.readRawVarint32());
      int inner;
      while ((inner = in.readTag()) != 0) {
        int field = WireFormat.getTagFieldNumber(inner);
        if (field == 1) {
          int label = in.pushLimit(in.readRawVarint32());
          while (in.readTag() != 0) {
            checkUtf8(in, message);
          }
          in.popLimit(label);
        } else {
          samples += field == 2 ? 1 : 0;
          in.skipField(inner);
        }
      }
      in.popLimit(series);
    }
    return samples;
  }

  /** The 2.0 walk, checking each entry of the symbols table (field 4) as UTF-8. */
  static long countSamplesCheckingSymbols(byte[] message) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    long samples = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 4) {
        checkUtf8(in, message);
      } else if (field == 5) {
        int series = in.pushLimit(in.readRawVarint32());
        int inner;
        while ((inner = in.readTag()) != 0) {
          samples += WireFormat.getTagFieldNumber(inner) == 2 ? 1 : 0;
          in.skipField(inner);
        }
        in.popLimit(series);
      } else {
        in.skipField(tag);
      }
    }
    return samples;
  }

  private static void checkUtf8(CodedInputStream in, byte[] message) throws IOException {
    int length = in.readRawVarint32();
    int at = in.getTotalBytesRead();
    if (!Utf8.isValid(message, at, at + length)) {
      throw new IOException("invalid UTF-8 at byte " + at);
    }
    in.skipRawBytes(length);
  }

  /** Counts the samples field inside each series field, skipping everything else unparsed. */
  static long countSamples(byte[] message, int seriesField, int samplesField) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    long samples = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) == seriesField) {
        int limit = in.pushLimit(in.readRawVarint32());
        int inner;
        while ((inner = in.readTag()) != 0) {
          if (WireFormat.getTagFieldNumber(inner) == samplesField) {
            samples++;
          }
          in.skipField(inner);
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    return samples;
  }
}
