package dev.o11y.drills;

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

  @Override
  public void beforeDecode(FaultedRequest request) throws InterruptedException {
    scenario.get().fault().beforeDecode(request);
    drill.fault().beforeDecode(request);
  }

  @Override
  public void duringDecode(FaultedRequest request) {
    scenario.get().fault().duringDecode(request);
    drill.fault().duringDecode(request);
  }

  @Override
  public void afterWrite(FaultedRequest request) {
    scenario.get().fault().afterWrite(request);
    drill.fault().afterWrite(request);
  }
}
