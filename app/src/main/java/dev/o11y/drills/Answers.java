package dev.o11y.drills;

import java.util.List;
import java.util.Locale;

/**
 * Reasonable spellings of an answer: any case, `Class.method`, `Class#method()`, the method or
 * class alone, inside a sentence, with hyphens or spaces ("off-CPU", "off cpu").
 */
final class Answers {

  private Answers() {}

  static boolean matches(String answer, List<String> accepted) {
    String said = " " + normalize(answer) + " ";
    return accepted.stream().map(Answers::normalize).filter(a -> !a.isEmpty())
        .anyMatch(a -> said.contains(" " + a + " ") || said.contains("." + a + " "));
  }

  /** Lower case; `#`, `::` and `$` read as `.`; `()` dropped; every other separator one space. */
  static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replace("::", ".").replace('#', '.').replace('$', '.').replace("()", "")
        .replaceAll("[^a-z0-9._]+", " ")
        .replaceAll("\\.+\\s", " ")
        .trim();
  }
}
