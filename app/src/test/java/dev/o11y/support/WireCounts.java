package dev.o11y.support;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/**
 * Counts what a remote-write 1.0 body holds by walking the protobuf wire format with plain
 * protobuf-java (UnknownFieldSet), from the field numbers of the spec: independent of the
 * receiver's .proto files and of its counting code.
 */
public record WireCounts(long series, long samples, long exemplars, long histograms, long metadata) {

  private static final int WRITE_REQUEST_TIMESERIES = 1;
  private static final int WRITE_REQUEST_METADATA = 3;
  private static final int TIMESERIES_SAMPLES = 2;
  private static final int TIMESERIES_EXEMPLARS = 3;
  private static final int TIMESERIES_HISTOGRAMS = 4;

  public static WireCounts ofSnappyV1(byte[] body) {
    try {
      return ofV1(Snappy.uncompress(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WireCounts ofV1(byte[] decoded) throws InvalidProtocolBufferException {
    UnknownFieldSet request = UnknownFieldSet.parseFrom(decoded);
    long series = 0;
    long samples = 0;
    long exemplars = 0;
    long histograms = 0;
    if (request.hasField(WRITE_REQUEST_TIMESERIES)) {
      for (ByteString ts : request.getField(WRITE_REQUEST_TIMESERIES).getLengthDelimitedList()) {
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(ts);
        series++;
        samples += count(fields, TIMESERIES_SAMPLES);
        exemplars += count(fields, TIMESERIES_EXEMPLARS);
        histograms += count(fields, TIMESERIES_HISTOGRAMS);
      }
    }
    long metadata = count(request, WRITE_REQUEST_METADATA);
    return new WireCounts(series, samples, exemplars, histograms, metadata);
  }

  private static long count(UnknownFieldSet fields, int number) {
    return fields.hasField(number) ? fields.getField(number).getLengthDelimitedList().size() : 0;
  }

  public WireCounts plus(WireCounts other) {
    return new WireCounts(series + other.series, samples + other.samples,
        exemplars + other.exemplars, histograms + other.histograms, metadata + other.metadata);
  }

  public static final WireCounts ZERO = new WireCounts(0, 0, 0, 0, 0);
}
