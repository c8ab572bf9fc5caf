package dev.o11y.remotewrite;

/**
 * A request the receiver refuses: the reason (its HTTP status and the
 * receiver_requests_rejected_total{reason} label) and a one-line message for the sender.
 */
public class RejectedRequest extends RuntimeException {

  private final RejectReason reason;

  public RejectedRequest(RejectReason reason, String message) {
    this(reason, message, null);
  }

  public RejectedRequest(RejectReason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public int status() {
    return reason.status();
  }

  public String reason() {
    return reason.label();
  }

  public RejectReason rejectReason() {
    return reason;
  }
}
