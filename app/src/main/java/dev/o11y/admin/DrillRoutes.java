package dev.o11y.admin;

import dev.o11y.drills.ActiveDrill;
import dev.o11y.drills.Drill;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The drills, on the internal port, as plain text for `make drill` and its friends. While a
 * drill runs these say that it runs, its symptom, the hints asked for and whether an answer is
 * right: never which drill it is. Stopping it tells.
 */
public final class DrillRoutes {

  private DrillRoutes() {}

  public static void register(RoutesConfig routes, ActiveDrill drill) {
    routes.get("/drill", ctx -> text(ctx, 200, drill.current()
        .map(d -> "A drill is running. The symptom, as it was reported:\n  " + d.symptom() + "\n")
        .orElse("No drill is running: make drill starts one.\n")));
    routes.post("/drill", ctx -> start(ctx, drill));
    routes.post("/drill/hint", ctx -> hint(ctx, drill));
    routes.post("/drill/answer", ctx -> answer(ctx, drill));
    routes.post("/drill/stop", ctx -> stop(ctx, drill));
  }

  private static void start(Context ctx, ActiveDrill drill) {
    Long seed;
    try {
      String given = ctx.queryParam("seed");
      seed = given == null || given.isBlank() ? null : Long.valueOf(given.trim());
    } catch (NumberFormatException e) {
      text(ctx, 400, "seed must be a whole number\n");
      return;
    }
    Optional<Drill> started = drill.start(seed);
    if (started.isEmpty()) {
      text(ctx, 409, "A drill is already running: make drill-stop ends it.\n");
      return;
    }
    text(ctx, 200, "A drill is running. The symptom, as it was reported:\n  " + started.get().symptom() + "\n"
        + "Find the cause through the signals. make drill-hint gives a hint, make drill-answer A=\"...\" checks an answer.\n");
  }

  private static void hint(Context ctx, ActiveDrill drill) {
    if (drill.current().isEmpty()) {
      text(ctx, 409, "No drill is running: make drill starts one.\n");
      return;
    }
    text(ctx, 200, drill.nextHint()
        .map(h -> "Hint " + h.number() + " of " + h.of() + ": " + h.text() + "\n")
        .orElse("No hints left: make drill-answer A=\"...\", or make drill-stop for the cause.\n"));
  }

  private static void answer(Context ctx, ActiveDrill drill) {
    String answer = ctx.queryParam("a");
    if (answer == null || answer.isBlank()) {
      text(ctx, 400, "say what you found: make drill-answer A=\"a method, a class or a kind of fault\"\n");
      return;
    }
    if (drill.current().isEmpty()) {
      text(ctx, 409, "No drill is running: make drill starts one.\n");
      return;
    }
    text(ctx, 200, drill.check(answer)
        ? "right: that is the cause. make drill-stop ends the drill and shows the whole path.\n"
        : "wrong: not the cause, or more than one guess at once. make drill-hint for a hint.\n");
  }

  private static void stop(Context ctx, ActiveDrill drill) {
    Optional<Drill> stopped = drill.stop();
    if (stopped.isEmpty()) {
      text(ctx, 409, "No drill is running.\n");
      return;
    }
    Drill d = stopped.get();
    StringBuilder out = new StringBuilder("Drill stopped; the receiver is back to normal.\nThe cause: " + d.cause() + "\n"
        + "The path that finds it:\n");
    for (int i = 0; i < d.path().size(); i++) {
      out.append("  ").append(i + 1).append(". ").append(d.path().get(i)).append('\n');
    }
    out.append("What it teaches: ").append(d.lesson()).append('\n');
    text(ctx, 200, out.toString());
  }

  private static void text(Context ctx, int status, String body) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(body);
  }
}
