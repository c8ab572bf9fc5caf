package dev.o11y.drills;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;

/**
 * A hidden fault to find through the signals: the symptom a user would report, three hints,
 * the answers that count as right, and, once it is over, the cause and the path that finds it.
 * The id is for the docs and the tests; nothing a learner can see shows it while it runs.
 */
public record Drill(
    String id,
    String symptom,
    List<String> hints,
    List<String> answers,
    String cause,
    List<String> path,
    String lesson,
    Function<MeterRegistry, Fault> fault) {

  /** Right when the answer names the cause (its method or class) or its kind, in any spelling. */
  public boolean accepts(String answer) {
    return Answers.matches(answer, answers);
  }
}
