package dev.o11y;

import ch.qos.logback.classic.LoggerContext;
import dev.o11y.config.ReceiverConfig;
import dev.o11y.drills.Scenario;
import dev.o11y.telemetry.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The one entry point: parse flags, set up logging, serve until SIGTERM. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    ReceiverConfig config = new ReceiverConfig();
    CommandLine cli = config.commandLine();
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return;
      }
      Scenario.parse(config.scenario);
      if (config.maxConcurrentRequests < 1) {
        throw new IllegalArgumentException("--max-concurrent-requests must be at least 1");
      }
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      // Exit 2, as Go's flag package does on a bad flag: a usage error, not a crash.
      System.err.println("receiver: " + e.getMessage());
      System.err.println("Run 'receiver --help' for the options and their defaults.");
      System.exit(2);
    }

    Logging.configure(config);
    Logger log = LoggerFactory.getLogger(Main.class);
    ReceiverServer server;
    try {
      server = ReceiverServer.start(config);
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("cannot start");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      log.info("exiting");
      // Flush and close the appenders last, so that "exiting" is written.
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }, "shutdown"));
  }

}
