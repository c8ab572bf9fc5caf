package dev.o11y.drills;

import java.util.List;

/**
 * The one seam between the receiver and its faults: the demo scenario in force, then the
 * drill in force, called in that order at each hook.
 */
public final class Faults implements Fault {

  private final ActiveScenario scenario;
  private final ActiveDrill drill;

  public Faults(ActiveScenario scenario, ActiveDrill drill) {
    this.scenario = scenario;
    this.drill = drill;
  }

  private List<Fault> current() {
    return List.of(scenario.get().fault(), drill.fault());
  }

  @Override
  public void beforeDecode(FaultedRequest request) throws InterruptedException {
    for (Fault fault : current()) {
      fault.beforeDecode(request);
    }
  }

  @Override
  public void duringDecode(FaultedRequest request) {
    for (Fault fault : current()) {
      fault.duringDecode(request);
    }
  }

  @Override
  public void afterWrite(FaultedRequest request) {
    for (Fault fault : current()) {
      fault.afterWrite(request);
    }
  }
}
