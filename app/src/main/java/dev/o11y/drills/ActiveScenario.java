package dev.o11y.drills;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scenario in force, switchable at run time; exported as receiver_scenario_active{scenario}. */
public final class ActiveScenario {

  private static final Logger log = LoggerFactory.getLogger(ActiveScenario.class);

  private final AtomicReference<Scenario> current;

  public ActiveScenario(Scenario initial, MeterRegistry registry) {
    this.current = new AtomicReference<>(initial);
    for (Scenario scenario : Scenario.values()) {
      Gauge.builder("receiver.scenario.active", () -> current.get() == scenario ? 1 : 0)
          .description("1 for the demo scenario in force, 0 for the others.")
          .tag("scenario", scenario.id())
          .register(registry);
    }
  }

  public Scenario get() {
    return current.get();
  }

  public void set(Scenario next) {
    Scenario previous = current.getAndSet(next);
    log.atWarn()
        .addKeyValue("scenario", next.id())
        .addKeyValue("previous", previous.id())
        .log("demo scenario switched");
  }
}
