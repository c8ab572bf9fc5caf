package dev.o11y.support;

import dev.o11y.drills.DrillCatalog;
import java.util.stream.LongStream;

/** The seed `make drill SEED=n` needs to start a given drill: the tests start each one by its id. */
public final class DrillSeeds {

  private DrillSeeds() {}

  /** The smallest seed that picks the drill with that id. */
  public static long seedFor(String id) {
    return LongStream.range(0, 100_000).filter(s -> DrillCatalog.pick(s).id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no seed picks drill " + id));
  }
}
