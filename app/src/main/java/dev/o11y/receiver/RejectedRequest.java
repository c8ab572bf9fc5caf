package dev.o11y.receiver;

/**
 * A request the receiver refuses: the HTTP status, a short reason for the
 * receiver_requests_rejected_total{reason} label, and a one-line message for the sender.
 */
public class RejectedRequest extends RuntimeException {

  private final int status;
  private final String reason;

  public RejectedRequest(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public RejectedRequest(int status, String reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
