package dev.o11y.support;

import dev.o11y.config.ReceiverConfig;

/** Test settings with small body limits, so that "too large" is cheap to send. */
public final class SmallLimits {

  public static final int MAX_REQUEST_BYTES = 64 * 1024;
  public static final int MAX_DECODED_BYTES = 1 << 20;

  private SmallLimits() {}

  public static ReceiverConfig config() {
    return TestConfig.onLoopback("--max-request-bytes=" + MAX_REQUEST_BYTES, "--max-decoded-bytes=" + MAX_DECODED_BYTES);
  }
}
