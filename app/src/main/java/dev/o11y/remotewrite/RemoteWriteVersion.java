package dev.o11y.remotewrite;

import java.util.Locale;

/** The two remote-write protocols, told apart by Content-Type as the 2.0 spec says. */
public enum RemoteWriteVersion {
  V1("1.0", "prometheus.WriteRequest"),
  V2("2.0", "io.prometheus.write.v2.Request");

  private static final String MEDIA_TYPE = "application/x-protobuf";

  private final String label;
  private final String protoMessage;

  RemoteWriteVersion(String label, String protoMessage) {
    this.label = label;
    this.protoMessage = protoMessage;
  }

  /** "1.0" or "2.0", as logs, span attributes and metric labels show it. */
  public String label() {
    return label;
  }

  /**
   * Picks the version from the request headers: application/x-protobuf is 1.0 unless its
   * proto parameter names the 2.0 message; the body must be snappy-compressed. Anything else
   * is refused with 415, so a sender learns at once that it speaks something we don't.
   */
  // region: negotiate-version
  public static RemoteWriteVersion negotiate(String contentType, String contentEncoding) {
    if (contentEncoding == null || !contentEncoding.trim().equalsIgnoreCase("snappy")) {
      throw new RejectedRequest(RejectReason.UNSUPPORTED_ENCODING,
          "unsupported Content-Encoding " + quoted(contentEncoding) + ": want snappy");
    }
    if (contentType == null) {
      throw new RejectedRequest(RejectReason.UNSUPPORTED_MEDIA_TYPE,
          "missing Content-Type: want " + MEDIA_TYPE);
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
      throw new RejectedRequest(RejectReason.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type " + quoted(contentType) + ": want " + MEDIA_TYPE);
    }
    RemoteWriteVersion version = V1;
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("proto")) {
        version = byProtoMessage(param[1].trim().replace("\"", ""), contentType);
      }
    }
    return version;
  }
  // endregion

  private static RemoteWriteVersion byProtoMessage(String message, String contentType) {
    for (RemoteWriteVersion version : values()) {
      if (version.protoMessage.equals(message)) {
        return version;
      }
    }
    throw new RejectedRequest(RejectReason.UNSUPPORTED_MEDIA_TYPE,
        "unsupported proto " + quoted(message) + " in Content-Type " + quoted(contentType)
            + ": want prometheus.WriteRequest or io.prometheus.write.v2.Request");
  }

  private static String quoted(String value) {
    return value == null ? "(none)" : "\"" + value + "\"";
  }
}
