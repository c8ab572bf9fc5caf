package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows as GitHub will read them: actionlint (built by scripts/native-tools.sh)
 * on every file, and every action at a major that runs on Node 24.
 */
class WorkflowsTest {

  /**
   * The first major of each action built for Node 24: since 2026-06-02 GitHub forces actions
   * built for Node 20 onto Node 24 and warns on every run (the actions' release notes).
   */
  static final Map<String, Integer> NODE_24_MAJORS = Map.of(
      "actions/checkout", 5, "actions/setup-java", 5, "actions/setup-node", 5, "actions/setup-go", 6,
      "actions/cache", 5, "actions/upload-artifact", 5);

  static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(Stack.file(".github/workflows"))) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void actionlintFindsNothingInAnyWorkflow() throws IOException {
    requireActionlint();
    List<String> command = new ArrayList<>(List.of("actionlint", "-no-color"));
    workflows().forEach(w -> command.add(Stack.root().relativize(w).toString()));
    Stack.Result result = Stack.run(command);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void actionlintRefusesABrokenWorkflow() throws IOException {
    requireActionlint();
    Path bad = Files.createTempFile("workflow", ".yml");
    Files.writeString(bad, """
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v5
              - run: echo "${{ github.event.pull_request.titel }}"
                if: ${{ matrix.os == 'linux' }}
        """);
    Stack.Result result = Stack.run(List.of("actionlint", "-no-color", bad.toString()));
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("matrix");
  }

  @Test
  void everyActionIsAtAMajorThatRunsOnNode24() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path workflow : workflows()) {
      problems.addAll(oldMajors(Stack.root().relativize(workflow).toString(), Files.readString(workflow)));
    }
    assertThat(problems).isEmpty();
  }

  static List<String> oldMajors(String name, String workflow) {
    List<String> problems = new ArrayList<>();
    Matcher uses = Pattern.compile("uses:\\s*([\\w.-]+/[\\w.-]+)@v(\\d+)").matcher(workflow);
    while (uses.find()) {
      Integer first = NODE_24_MAJORS.get(uses.group(1));
      if (first != null && Integer.parseInt(uses.group(2)) < first) {
        problems.add(name + ": " + uses.group(1) + "@v" + uses.group(2) + " runs on Node 20; v" + first + " on Node 24");
      }
    }
    return problems;
  }

  @Test
  void anActionOnNode20IsCaught() {
    assertThat(oldMajors("ci.yml", "steps:\n  - uses: actions/checkout@v4\n  - uses: actions/setup-go@v6\n"))
        .containsExactly("ci.yml: actions/checkout@v4 runs on Node 20; v5 on Node 24");
  }

  /** The actionlint scripts/native-tools.sh builds, at its pinned version. */
  static void requireActionlint() {
    Stack.require(Stack.onPath("actionlint"), "actionlint is not on PATH: make native-tools builds it (it needs Go),"
        + " and make stack-test puts it on PATH");
    String pinned = Stack.run(List.of("bash", "scripts/native-tools.sh", "--versions")).output().lines()
        .filter(l -> l.startsWith("actionlint ")).findFirst().orElseThrow().split(" ")[1];
    assertThat(Stack.run(List.of("actionlint", "-version")).output()).startsWith(pinned);
  }
}
