package dev.o11y.drills;

/**
 * Something wrong with the receive path, switched on at run time: a demo scenario or a drill.
 * The receiver calls these hooks on every request, at three seams and nowhere else; a fault
 * overrides the ones it needs. Nothing in the decoder knows faults exist.
 */
public interface Fault {

  /** Before the body is decoded: may make the request wait, or fail it. */
  default void beforeDecode(FaultedRequest request) throws InterruptedException {}

  /** Inside the decode span, on the request's thread: where the trace puts the fault's time. */
  default void duringDecode(FaultedRequest request) {}

  /** After the request was written and counted. */
  default void afterWrite(FaultedRequest request) {}

  /** Gives back whatever the fault kept (memory, metrics) when it is switched off. */
  default void clear() {}

  /** The receiver as it should be. */
  Fault NONE = new Fault() {};
}
