package dev.o11y.telemetry;

import dev.o11y.config.ReceiverConfig;

/**
 * Chooses the logback configuration from the flags. It must run before the first logger is
 * created, because logback reads these properties once, when it starts.
 */
public final class Logging {

  private Logging() {}

  public static void configure(ReceiverConfig config) {
    System.setProperty("logback.configurationFile", "logback-" + config.logFormat + ".xml");
    System.setProperty("receiver.log.level", config.logLevel.name().toUpperCase());
    System.setProperty("receiver.service.name", config.serviceName);
  }
}
