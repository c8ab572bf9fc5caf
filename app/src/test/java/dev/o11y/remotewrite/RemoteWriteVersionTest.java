package dev.o11y.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteWriteVersionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/x-protobuf|V1",
      "application/x-protobuf;proto=prometheus.WriteRequest|V1",
      "Application/X-Protobuf ; proto=prometheus.WriteRequest|V1",
      "application/x-protobuf;proto=io.prometheus.write.v2.Request|V2",
      "application/x-protobuf; proto=\"io.prometheus.write.v2.Request\"|V2",
  })
  void contentTypePicksTheVersion(String contentType, RemoteWriteVersion expected) {
    assertThat(RemoteWriteVersion.negotiate(contentType, "snappy")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/plain", "application/x-protobuf;proto=io.prometheus.write.v3.Request",
      "application/x-protobuf;proto=", "application/protobuf"})
  void otherContentTypesAre415(String contentType) {
    assertThatThrownBy(() -> RemoteWriteVersion.negotiate(contentType, "snappy"))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> {
          assertThat(e.status()).isEqualTo(415);
          assertThat(e.reason()).isEqualTo("unsupported_media_type");
          assertThat(e.getMessage()).doesNotContain("\n");
        });
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"gzip", "identity", "zstd"})
  void encodingsOtherThanSnappyAre415(String encoding) {
    assertThatThrownBy(() -> RemoteWriteVersion.negotiate("application/x-protobuf", encoding))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> {
          assertThat(e.status()).isEqualTo(415);
          assertThat(e.reason()).isEqualTo("unsupported_encoding");
        });
  }

  @org.junit.jupiter.api.Test
  void missingContentTypeIs415() {
    assertThatThrownBy(() -> RemoteWriteVersion.negotiate(null, "snappy"))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> assertThat(e.status()).isEqualTo(415));
  }
}
