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
   * built for Node 20 onto Node 24 and warns on every run (the actions' release notes). Docker's
   * moved together in 2026-03 (hemilabs/ui-monorepo#2192 quotes the runner's warning for the
   * four older majors it replaced; freemspwnz/wednesday#15 lists the five).
   */
  static final Map<String, Integer> NODE_24_MAJORS = Map.ofEntries(
      Map.entry("actions/checkout", 5), Map.entry("actions/setup-java", 5), Map.entry("actions/setup-node", 5),
      Map.entry("actions/setup-go", 6), Map.entry("actions/cache", 5), Map.entry("actions/upload-artifact", 5),
      Map.entry("docker/setup-qemu-action", 4), Map.entry("docker/setup-buildx-action", 4),
      Map.entry("docker/login-action", 4), Map.entry("docker/metadata-action", 6),
      Map.entry("docker/build-push-action", 7));

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

  @Test
  void theReleaseWorkflowIsAmongThemAndPublishesWithAnSbomAndProvenance() throws IOException {
    assertThat(workflows()).contains(Stack.file(".github/workflows/release.yml"));
    String release = Files.readString(Stack.file(".github/workflows/release.yml"));
    assertThat(release).contains("tags: [\"v*\"]", "platforms: linux/amd64,linux/arm64", "sbom: true",
        "provenance: mode=max", "context: app", "packages: write");
  }

  /** An action this test knows no Node 24 major of would pass unchecked: every one used is known. */
  static List<String> oldMajors(String name, String workflow) {
    List<String> problems = new ArrayList<>();
    Matcher uses = Pattern.compile("uses:\\s*([\\w.-]+/[\\w.-]+)@v(\\d+)").matcher(workflow);
    while (uses.find()) {
      Integer first = NODE_24_MAJORS.get(uses.group(1));
      if (first == null) {
        problems.add(name + ": " + uses.group(1) + " is not in WorkflowsTest.NODE_24_MAJORS: add its first Node 24 major");
      } else if (Integer.parseInt(uses.group(2)) < first) {
        problems.add(name + ": " + uses.group(1) + "@v" + uses.group(2) + " runs on Node 20; v" + first + " on Node 24");
      }
    }
    return problems;
  }

  @Test
  void anActionOnNode20IsCaught() {
    assertThat(oldMajors("ci.yml", "steps:\n  - uses: actions/checkout@v4\n  - uses: actions/setup-go@v6\n"
        + "  - uses: docker/build-push-action@v6\n  - uses: someone/new-action@v1\n"))
        .containsExactly("ci.yml: actions/checkout@v4 runs on Node 20; v5 on Node 24",
            "ci.yml: docker/build-push-action@v6 runs on Node 20; v7 on Node 24",
            "ci.yml: someone/new-action is not in WorkflowsTest.NODE_24_MAJORS: add its first Node 24 major");
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
