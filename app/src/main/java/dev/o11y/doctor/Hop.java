package dev.o11y.doctor;

/** The hops of the workshop's walk (docs/walkthrough.md), in the order a learner clicks them. */
public enum Hop {
  METRIC_TO_EXEMPLAR("metric → exemplar"),
  EXEMPLAR_TO_TRACE("exemplar → trace"),
  TRACE_TO_LOGS("trace → logs"),
  LOG_TO_TRACE("log → trace"),
  SPAN_TO_METRICS("span → metrics"),
  SPAN_TO_PROFILE("span → profile"),
  PROFILE_TO_LOGS_AND_TRACES("profile → logs, traces");

  private final String title;

  Hop(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** The width of the longest title, so that the report's columns line up. */
  static int titleWidth() {
    int width = 0;
    for (Hop hop : values()) {
      width = Math.max(width, hop.title.length());
    }
    return width;
  }
}
