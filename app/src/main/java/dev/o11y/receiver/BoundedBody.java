package dev.o11y.receiver;

import dev.o11y.remotewrite.RejectReason;
import dev.o11y.remotewrite.RejectedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body of at most maxBytes. A declared Content-Length over the limit is
 * refused before reading; a chunked body is cut off as soon as it passes the limit.
 */
public final class BoundedBody {

  private BoundedBody() {}

  public static byte[] read(InputStream in, long declaredLength, long maxBytes) {
    if (declaredLength > maxBytes) {
      throw tooLarge(declaredLength + " bytes", maxBytes);
    }
    try {
      if (declaredLength >= 0) {
        // The usual case: the length is known, so read straight into an array of that size.
        byte[] body = in.readNBytes((int) declaredLength);
        if (body.length < declaredLength) {
          throw new RejectedRequest(RejectReason.READ_FAILED,
              "request body ended after " + body.length + " of " + declaredLength + " bytes");
        }
        return body;
      }
      return readChunked(in, maxBytes);
    } catch (IOException e) {
      throw new RejectedRequest(RejectReason.READ_FAILED, "cannot read the request body: " + e.getMessage(), e);
    }
  }

  /** A chunked body has no declared length: stop as soon as it passes the limit. */
  private static byte[] readChunked(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (body.size() + (long) n > maxBytes) {
        throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
      }
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  private static RejectedRequest tooLarge(String size, long maxBytes) {
    return new RejectedRequest(RejectReason.BODY_TOO_LARGE,
        "request body of " + size + " exceeds the limit of " + maxBytes + " bytes");
  }
}
