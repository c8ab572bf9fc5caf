package dev.o11y.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verbose output of the remote-write compliance suite (go test -test.v), read into one
 * result per leaf case: the case's name, its RFC level (the rfcLevel attribute of the case or
 * of its nearest parent), whether it passed, and the status code the receiver answered.
 */
public final class ComplianceResults {

  /** One case as run against one receiver. */
  public record Case(String name, String level, boolean passed, String status) {}

  private static final Pattern ATTR = Pattern.compile("^=== ATTR\\s+(\\S+) (\\S+) (.*)$");
  private static final Pattern RESULT = Pattern.compile("^\\s*--- (PASS|FAIL|SKIP): (\\S+) \\(");
  private static final Pattern RUN = Pattern.compile("^=== RUN\\s+(\\S+)$");
  private static final Pattern STATUS = Pattern.compile("Response code from \"[^\"]*\": (\\d{3})");

  private final List<Case> cases;

  private ComplianceResults(List<Case> cases) {
    this.cases = cases;
  }

  public static ComplianceResults parse(String output) {
    Map<String, String> levels = new LinkedHashMap<>();
    Map<String, Boolean> leaves = new LinkedHashMap<>();
    Map<String, String> statuses = new LinkedHashMap<>();
    Map<String, Boolean> results = new LinkedHashMap<>();
    String running = null;
    for (String line : output.lines().toList()) {
      Matcher m;
      if ((m = ATTR.matcher(line)).matches()) {
        if (m.group(2).equals("rfcLevel")) {
          levels.put(m.group(1), m.group(3).strip());
        } else if (m.group(2).equals("rw")) {
          leaves.put(m.group(1), true); // a case run against one receiver
        }
      } else if ((m = RUN.matcher(line)).matches()) {
        running = m.group(1);
      } else if ((m = RESULT.matcher(line)).find()) {
        results.put(m.group(2), m.group(1).equals("PASS"));
      } else if (running != null && (m = STATUS.matcher(line)).find()) {
        statuses.put(running, m.group(1));
      }
    }
    List<Case> cases = new ArrayList<>();
    for (String leaf : leaves.keySet()) {
      cases.add(new Case(caseName(leaf), level(leaf, levels), results.getOrDefault(leaf, false),
          statuses.getOrDefault(leaf, "none")));
    }
    return new ComplianceResults(cases);
  }

  /** The leaf's name without its last part, the receiver's name from the suite's config. */
  private static String caseName(String leaf) {
    return leaf.substring(0, leaf.lastIndexOf('/'));
  }

  private static String level(String test, Map<String, String> levels) {
    for (String t = test; ; t = t.substring(0, t.lastIndexOf('/'))) {
      if (levels.containsKey(t)) {
        return levels.get(t);
      }
      if (t.indexOf('/') < 0) {
        return "NONE";
      }
    }
  }

  public List<Case> cases() {
    return cases;
  }

  /** The names of the cases of a level that did not pass. */
  public List<String> failing(String level) {
    return cases.stream().filter(c -> c.level().equals(level) && !c.passed()).map(Case::name).toList();
  }

  /** Passed and failed per level, then every case not passed with the status it got. */
  public String summary() {
    StringBuilder out = new StringBuilder("remote-write compliance suite\n");
    for (String level : List.of("MUST", "SHOULD", "MAY")) {
      long all = cases.stream().filter(c -> c.level().equals(level)).count();
      long passed = cases.stream().filter(c -> c.level().equals(level) && c.passed()).count();
      out.append(String.format("  %-6s %3d of %3d passed%n", level, passed, all));
    }
    cases.stream().filter(c -> !c.passed())
        .forEach(c -> out.append("  not passed: ").append(c.level()).append(' ').append(c.name())
            .append(" (answered ").append(c.status()).append(")\n"));
    return out.toString();
  }
}
