package dev.o11y.remotewrite;

/**
 * Every reason the receiver refuses a request or a series, with its HTTP status. The label is
 * the `reason` of receiver_requests_rejected_total and receiver_series_rejected_total; each
 * reason is registered at zero, so a dashboard shows it before the first refusal.
 * docs/remote-write-rules.md lists them with the spec sentence behind each.
 */
public enum RejectReason {
  // The request as a whole: nothing in it is written.
  UNSUPPORTED_ENCODING(415),
  UNSUPPORTED_MEDIA_TYPE(415),
  BODY_TOO_LARGE(413),
  DECODED_TOO_LARGE(413),
  OVER_MEMORY_BUDGET(413),
  READ_FAILED(400),
  CORRUPT_SNAPPY(400),
  INVALID_PROTOBUF(400),
  INVALID_SYMBOLS(400),
  OVERLOADED(503),
  INJECTED_FAILURE(500),
  // One series: the others in the request are still written (a partial write, answered 400).
  INVALID_SYMBOL_REF(400),
  NO_LABELS(400),
  MISSING_METRIC_NAME(400),
  EMPTY_LABEL_NAME(400),
  EMPTY_LABEL_VALUE(400),
  DUPLICATE_LABEL_NAME(400),
  NO_SAMPLES(400),
  SAMPLES_AND_HISTOGRAMS(400),
  INVALID_HISTOGRAM(400),
  INVALID_EXEMPLAR(400);

  private final int status;

  RejectReason(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The metric label: the constant's name in lower case, e.g. "missing_metric_name". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
