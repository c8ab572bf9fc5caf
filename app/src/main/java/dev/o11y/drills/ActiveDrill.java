package dev.o11y.drills;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drill in force, if any. What it shows the learner: that a drill runs, its symptom and the
 * hints asked for; never which drill it is, until it is stopped. Exported as
 * receiver_drill_active, 1 while a drill runs.
 */
public final class ActiveDrill {

  private static final Logger log = LoggerFactory.getLogger(ActiveDrill.class);

  /** A drill that runs: its fault, and how many hints were given. */
  private record Running(Drill drill, Fault fault, Instant since, int hintsGiven) {}

  private final MeterRegistry registry;
  private volatile Running running;

  public ActiveDrill(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("receiver.drill.active", () -> running == null ? 0 : 1)
        .description("1 while a drill runs (which one is for the learner to find).")
        .register(registry);
  }

  /** Starts the drill the seed picks, or a random one; empty when one already runs. */
  public synchronized Optional<Drill> start(Long seed) {
    if (running != null) {
      return Optional.empty();
    }
    Drill drill = DrillCatalog.pick(seed != null ? seed : ThreadLocalRandom.current().nextLong());
    running = new Running(drill, drill.fault().apply(registry), Instant.now(), 0);
    log.atWarn().log("drill started");
    return Optional.of(drill);
  }

  public Optional<Drill> current() {
    Running r = running;
    return r == null ? Optional.empty() : Optional.of(r.drill());
  }

  /** The fault in force: none without a drill. */
  Fault fault() {
    Running r = running;
    return r == null ? Fault.NONE : r.fault();
  }

  /** The next hint, numbered from 1; empty when none is left or no drill runs. */
  public synchronized Optional<Hint> nextHint() {
    Running r = running;
    if (r == null || r.hintsGiven() >= r.drill().hints().size()) {
      return Optional.empty();
    }
    running = new Running(r.drill(), r.fault(), r.since(), r.hintsGiven() + 1);
    return Optional.of(new Hint(r.hintsGiven() + 1, r.drill().hints().size(), r.drill().hints().get(r.hintsGiven())));
  }

  public record Hint(int number, int of, String text) {}

  /** Right when the answer names this drill's cause, and no other drill's: one guess at a time. */
  public boolean check(String answer) {
    Running r = running;
    if (r == null) {
      return false;
    }
    List<Drill> named = DrillCatalog.matching(answer);
    return named.size() == 1 && named.get(0) == r.drill();
  }

  /** Ends the drill, gives back what its fault kept, and returns it; empty when none ran. */
  public synchronized Optional<Drill> stop() {
    Running r = running;
    if (r == null) {
      return Optional.empty();
    }
    running = null;
    r.fault().clear();
    log.atWarn().addKeyValue("drill", r.drill().id()).log("drill stopped");
    return Optional.of(r.drill());
  }
}
