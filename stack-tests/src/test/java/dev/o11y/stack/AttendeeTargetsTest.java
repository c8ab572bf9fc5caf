package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Everything an attendee runs needs only Docker, make and curl (issue 24): every target of
 * stack.mk but the maintainers' runs, as `make -n` prints it, only docker, curl, make, a
 * shell's own utilities and bash scripts of the repository that themselves run only those.
 * A JDK, Maven, Go, Node or Python on the host is for the tests and the talk, never for the
 * workshop.
 */
class AttendeeTargetsTest {

  /** The stack.mk targets for whoever maintains the stack: they run Maven. */
  static final Set<String> FOR_MAINTAINERS = Set.of("it", "stack-test");

  /** What the attendee docs tell people to run (README, docs/walkthrough.md, drills.md, troubleshooting.md). */
  static final Set<String> NAMED_IN_THE_DOCS = Set.of("up", "down", "logs", "ps", "urls", "open", "load", "load-stop",
      "scenario", "reset", "doctor", "drill", "drill-hint", "drill-answer", "drill-stop", "check-links", "kit", "kit-load");

  /** The programs an attendee target may run on the host: Docker, curl, make, bash and what every shell has. */
  static final Set<String> ON_THE_HOST = Set.of("docker", "curl", "make", "bash",
      "echo", "printf", "test", "[", "[[", "exit", "command", "true", "false", ":", ".", "set", "cd", "exec", "export",
      "continue",
      "local", "read", "return", "shift", "sleep", "date", "dirname", "basename", "cat", "tee", "grep", "sed", "awk",
      "sort", "head", "tail", "cut", "tr", "wc", "uname", "mkdir", "mv",
      "sha256sum", "shasum", // make kit-load's checksum: coreutils (Linux, WSL), or the shasum macOS has
      "xdg-open", "open"); // `make open`: the desktop's own browser launcher

  @Test
  void everyStackTargetButTheMaintainersIsAnAttendees() {
    Set<String> targets = DocsTest.makeTargets(DocsTest.read(Stack.file("stack.mk")));
    assertThat(targets).containsAll(FOR_MAINTAINERS);
    assertThat(attendeeTargets()).containsAll(NAMED_IN_THE_DOCS);
  }

  @Test
  void everyAttendeeTargetNeedsOnlyDockerCurlAndMake() {
    List<String> problems = new ArrayList<>();
    for (String target : attendeeTargets()) {
      problems.addAll(needsMore(target, Stack.dryRun(target), AttendeeTargetsTest::repositoryFile));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aTargetThatNeedsAToolchainOnTheHostIsCaught() {
    String recipe = """
        mvn -q -f app/pom.xml test-compile dependency:build-classpath
        cd app && java -cp target/classes:$(cat target/doctor.classpath) dev.o11y.doctor.CheckLinks
        docker compose run --rm --entrypoint java loadgen -cp /app/receiver.jar dev.o11y.doctor.CheckLinks
        LOADGEN_RATE=1 bash scripts/builds.sh && node slides/x.mjs || python3 -c 'print(1)'
        bash no/such.sh
        """;
    Map<String, String> scripts = Map.of("scripts/builds.sh", "set -e\ncd \"$(dirname \"$0\")\"\ngo build ./...\n");
    assertThat(needsMore("check-links", recipe, path -> Optional.ofNullable(scripts.get(path)))).containsExactly(
        "check-links runs mvn on the host: mvn -q -f app/pom.xml test-compile dependency:build-classpath",
        "check-links runs java on the host: java -cp target/classes:$(cat target/doctor.classpath) dev.o11y.doctor.CheckLinks",
        "check-links → scripts/builds.sh runs go on the host: go build ./...",
        "check-links runs node on the host: node slides/x.mjs",
        "check-links runs python3 on the host: python3 -c print(1)",
        "check-links runs bash no/such.sh, which is not a script in the repository");
  }

  /** The stack.mk targets an attendee runs: all but the maintainers'. */
  static Set<String> attendeeTargets() {
    Set<String> targets = new TreeSet<>(DocsTest.makeTargets(DocsTest.read(Stack.file("stack.mk"))));
    targets.removeAll(FOR_MAINTAINERS);
    return targets;
  }

  /** Each command of {@code shell} that runs more than {@link #ON_THE_HOST}; `bash SCRIPT` is followed into the script. */
  static List<String> needsMore(String where, String shell, Function<String, Optional<String>> repositoryFile) {
    List<String> problems = new ArrayList<>();
    Set<String> functions = ShellCommands.functions(shell);
    for (List<String> command : ShellCommands.of(shell)) {
      String program = command.get(0);
      if (program.equals("bash")) {
        problems.addAll(bashScript(where, command, repositoryFile));
      } else if (!ON_THE_HOST.contains(program) && !functions.contains(program)) {
        problems.add(where + " runs " + program + " on the host: " + String.join(" ", command));
      }
    }
    return problems;
  }

  private static List<String> bashScript(String where, List<String> command, Function<String, Optional<String>> repositoryFile) {
    if (command.size() > 2 && command.get(1).equals("-c")) {
      return needsMore(where, command.get(2), repositoryFile);
    }
    Optional<String> script = command.stream().skip(1).filter(w -> !w.startsWith("-")).findFirst();
    Optional<String> text = script.flatMap(repositoryFile);
    if (text.isEmpty()) {
      return List.of(where + " runs " + String.join(" ", command) + ", which is not a script in the repository");
    }
    return needsMore(where + " → " + script.get(), text.get(), repositoryFile);
  }

  private static Optional<String> repositoryFile(String relative) {
    Path file = Stack.file(relative).normalize();
    return file.startsWith(Stack.root()) && Files.isRegularFile(file) ? Optional.of(DocsTest.read(file)) : Optional.empty();
  }
}
