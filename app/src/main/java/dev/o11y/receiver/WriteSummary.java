package dev.o11y.receiver;

/** What one remote-write request carried. */
public record WriteSummary(
    RemoteWriteVersion version,
    long series,
    long samples,
    long exemplars,
    long histograms,
    long metadata) {}
