package dev.o11y.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.o11y.receiver.WireDecoder;
import dev.o11y.receiver.RemoteWriteVersion;
import dev.o11y.receiver.SnappyDecoder;
import dev.o11y.receiver.wire.v1.RemoteWriteV1;
import dev.o11y.receiver.wire.v2.RemoteWriteV2;
import java.io.IOException;
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
 * One operation decodes every fixture body once (the whole set). Three paths side by side:
 * the receiver's (bounded snappy, one-pass wire decode with validation and counting), plain snappy-java plus
 * protobuf-java parse, and a count-only walk of the wire format (the practical limit).
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
    long samples = 0;
    for (byte[] body : bodies.v1) {
      samples += WireDecoder.decode(RemoteWriteVersion.V1, snappy.decode(body)).samples();
    }
    return samples;
  }

  @Benchmark
  public long receiverV2() {
    long samples = 0;
    for (byte[] body : bodies.v2) {
      samples += WireDecoder.decode(RemoteWriteVersion.V2, snappy.decode(body)).samples();
    }
    return samples;
  }

  @Benchmark
  public long plainParseV1() throws IOException {
    long series = 0;
    for (byte[] body : bodies.v1) {
      series += RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(body)).getTimeseriesCount();
    }
    return series;
  }

  @Benchmark
  public long plainParseV2() throws IOException {
    long series = 0;
    for (byte[] body : bodies.v2) {
      series += RemoteWriteV2.Request.parseFrom(Snappy.uncompress(body)).getTimeseriesCount();
    }
    return series;
  }

  @Benchmark
  public long countOnlyWalkV1() throws IOException {
    long samples = 0;
    for (byte[] body : bodies.v1) {
      samples += countSamples(Snappy.uncompress(body), 1, 2);
    }
    return samples;
  }

  @Benchmark
  public long countOnlyWalkV2() throws IOException {
    long samples = 0;
    for (byte[] body : bodies.v2) {
      samples += countSamples(Snappy.uncompress(body), 5, 2);
    }
    return samples;
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
