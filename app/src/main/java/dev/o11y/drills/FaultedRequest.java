package dev.o11y.drills;

/**
 * What a fault may look at of one remote-write request: its protocol version ("1.0" or "2.0"),
 * its compressed body and its request ID.
 */
public record FaultedRequest(String version, byte[] body, String requestId) {}
