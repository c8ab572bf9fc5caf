package dev.o11y.drills;

/**
 * Drill "errors for one kind of input": remote write 2.0 requests fail with 500 while 1.0
 * goes through, as a bug on one code path would.
 */
final class SymbolInterner implements Fault {

  @Override
  public void duringDecode(FaultedRequest request) {
    if (request.version().equals("2.0")) {
      internSymbols(request.body());
    }
  }

  static void internSymbols(byte[] body) {
    throw new IllegalStateException("symbol table out of step after " + body.length + " bytes");
  }
}
