package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docs say only what the repository does: every `make X` is a target, every relative
 * link (and `#Lnn-Lmm` line range) exists, every 127.0.0.1/localhost port is one the stack
 * publishes (or a native-run port), the README's Mermaid diagram names every service, and
 * the README's test command is what CI runs.
 */
class DocsTest {

  /** `make run` and `make run-plain` listen on these and publish nothing. */
  static final Set<Integer> NATIVE_PORTS = Set.of(8080, 8081);

  /** What the docs are checked against, read from Makefile, stack.mk and docker-compose.yml. */
  record Rules(Path root, Set<String> makeTargets, Set<Integer> ports, Set<String> services) {}

  static Rules rules;
  static Map<String, String> docs;

  @BeforeAll
  static void load() {
    Path root = Stack.root();
    JsonNode compose = Stack.yaml(Stack.file("docker-compose.yml"));
    Set<Integer> ports = new TreeSet<>(publishedPorts(compose));
    ports.addAll(NATIVE_PORTS);
    Set<String> targets = new TreeSet<>(makeTargets(read(Stack.file("Makefile"))));
    if (Files.exists(Stack.file("stack.mk"))) {
      targets.addAll(makeTargets(read(Stack.file("stack.mk"))));
    }
    rules = new Rules(root, targets, ports, StackChecks.services(compose).keySet());
    docs = markdownFiles(root);
  }

  @Test
  void theDocsExist() {
    assertThat(docs).containsKeys("README.md", "CONTRIBUTING.md", "THIRD_PARTY.md", "docs/walkthrough.md", "docs/talk.md",
        "docs/troubleshooting.md", "docs/drills.md", "docs/facilitator.md", "docs/verification.md", "docs/platforms.md");
    for (String component : List.of("prometheus", "loki", "jaeger", "pyroscope", "grafana", "loadgen")) {
      assertThat(docs).containsKey(component + "/README.md");
    }
  }

  @Test
  void everyMakeTargetLinkAndPortInTheDocsIsReal() {
    List<String> problems = new ArrayList<>();
    docs.forEach((name, text) ->
        problems.addAll(problems(name, text, rules.root().resolve(name).getParent(), rules)));
    assertThat(problems).isEmpty();
  }

  @Test
  void theReadmeDiagramNamesEveryService() {
    assertThat(mermaidProblems(docs.get("README.md"), rules.services())).isEmpty();
  }

  /** The README's test command, which CI must run as it is (not `make test || true`, not a subset). */
  static final String TEST_COMMAND = "make test";

  /**
   * The README's section for contributors gives `make test`, and says CI runs it: .ci/run does,
   * and so does the job it names in the GitHub workflow, read from the workflow's own YAML.
   */
  @Test
  void theReadmesContributorSectionIsWhatCiRuns() {
    String readme = docs.get("README.md");
    assertThat(readme).contains("`make up`", "`" + TEST_COMMAND + "`");
    assertThat(readme).containsPattern("(?s)## For contributors\\s+```bash\\n(?:[^`]*\\n)?" + TEST_COMMAND + "\\n```");
    assertThat(read(Stack.file(".ci/run"))).containsPattern("(?m)^" + TEST_COMMAND + "$");
    Matcher claim = Pattern.compile("the `([\\w-]+)` job of \\[the workflow\\]\\(([^)]+)\\)").matcher(readme);
    assertThat(claim.find()).as("README names the workflow job that runs `%s`", TEST_COMMAND).isTrue();
    Map<String, JsonNode> workflows = workflows();
    assertThat(workflows).as("the README's workflow link").containsKey(claim.group(2));
    assertThat(jobsRunning(TEST_COMMAND, workflows.get(claim.group(2)))).as("jobs of %s that run `%s`", claim.group(2), TEST_COMMAND)
        .contains(claim.group(1));
  }

  /**
   * The ids of the workflow's jobs with a run step that runs the command, alone on a line of its
   * script, or through .ci/run (which the test above holds to running it).
   */
  static Set<String> jobsRunning(String command, JsonNode workflow) {
    Set<String> jobs = new TreeSet<>();
    workflow.path("jobs").fields().forEachRemaining(job -> {
      for (JsonNode step : job.getValue().path("steps")) {
        if (step.path("run").asText("").lines().map(String::strip)
            .anyMatch(line -> line.equals(command) || line.equals("bash .ci/run") || line.equals(".ci/run"))) {
          jobs.add(job.getKey());
        }
      }
    });
    return jobs;
  }

  /** Every .github/workflows/*.yml, parsed, by its path from the repository root. */
  static Map<String, JsonNode> workflows() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Path file : Stack.files(".github/workflows", ".yml", ".yaml")) {
      out.put(Stack.root().relativize(file).toString().replace('\\', '/'), Stack.yaml(file));
    }
    return out;
  }

  @Test
  void aWorkflowJobThatDoesNotRunTheTestCommandIsCaught() {
    JsonNode workflow = Stack.yaml("""
        jobs:
          test:
            steps:
              - uses: actions/checkout@v4
              - run: make stack-test
          lenient:
            steps:
              - run: make test || true
          commented:
            steps:
              - run: "# make test"
          script:
            steps:
              - name: all of it
                run: |
                  sudo bash scripts/install-tools.sh
                  make test
          ci:
            steps:
              - run: bash .ci/run
        """);
    assertThat(jobsRunning(TEST_COMMAND, workflow)).containsExactly("ci", "script");
  }

  /** CONTRIBUTING.md's copy of `make help` is what `make help` prints today. */
  @Test
  void contributingListsTheMakeTargetsAsMakeHelpPrintsThem() {
    Stack.requireTool("make");
    Stack.Result help = Stack.run(List.of("make", "--no-print-directory", "help"));
    assertThat(help.exitCode()).isZero();
    String printed = help.output().replaceAll("\u001B\\[[0-9;]*m", "").strip();
    String contributing = docs.get("CONTRIBUTING.md");
    String section = contributing.substring(contributing.indexOf("## Makefile targets"));
    String block = section.substring(section.indexOf("```text") + "```text".length(), section.indexOf("```", section.indexOf("```text") + 7));
    assertThat(block.strip()).isEqualTo(printed);
  }

  @Test
  void theRulesAreReadFromTheRealFiles() {
    assertThat(rules.makeTargets()).contains("help", "build", "run", "run-plain", "test", "up",
        "down", "scenario", "reset", "stack-test");
    assertThat(rules.ports()).contains(13000, 19090, 16686, 14040, 13100, 14318, 18080, 18081, 8080, 8081);
    assertThat(rules.services()).hasSize(7);
  }

  // ------------------------------------------------ facts a doc shares with the stack's files

  static final String DASHBOARD = "grafana/dashboards/correlation-walkthrough.json";

  /** The pages an attendee reads: what was verified where lives in docs/verification.md, not here. */
  static final List<String> ATTENDEE_PAGES = List.of("README.md", "docs/walkthrough.md", "docs/drills.md",
      "docs/troubleshooting.md", "docs/platforms.md");

  /** The walkthrough names the dashboard's panels, a panel's query and the wait as the dashboard's JSON has them. */
  @Test
  void theWalkthroughSaysWhatTheDashboardDoes() {
    JsonNode dashboard = Stack.yaml(Stack.file(DASHBOARD));
    assertThat(walkthroughProblems(docs.get("docs/walkthrough.md"), dashboard)).isEmpty();
  }

  /** What make prints, the admin port on loopback, and no remarks about machines on the attendee's pages. */
  @Test
  void theDocsSayWhatTheUserSees() {
    List<String> problems = new ArrayList<>();
    docs.forEach((name, text) -> problems.addAll(habitProblems(name, text, ATTENDEE_PAGES.contains(name))));
    assertThat(problems).isEmpty();
  }

  private static final Pattern PANEL_NAMED = Pattern.compile("\\*(\\d+\\. [^*\\n]+)\\*");
  private static final Pattern OPERATION_NAMED = Pattern.compile("operation `([^`]+)`");
  private static final Pattern WAIT = Pattern.compile("(?i)\\bwait (a minute|a few seconds|\\d+(?: to \\d+)? (?:seconds|minutes?))");

  /**
   * Every *N. Title* the walkthrough names begins a panel's title; an `operation` named in the
   * same paragraph as a panel is that panel's query's operation; the walkthrough waits as long as
   * the dashboard's own text says.
   */
  static List<String> walkthroughProblems(String walkthrough, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> panels = new LinkedHashMap<>();
    StringBuilder texts = new StringBuilder();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.put(panel.path("title").asText(), panel);
      texts.append(panel.path("options").path("content").asText("")).append('\n');
    }
    for (String chunk : walkthrough.split("\n\\s*\n|\n(?=\\s*- )")) {
      Matcher named = PANEL_NAMED.matcher(chunk);
      while (named.find()) {
        String title = named.group(1);
        List<JsonNode> hits = panels.entrySet().stream().filter(e -> e.getKey().startsWith(title)).map(Map.Entry::getValue).toList();
        if (hits.isEmpty()) {
          problems.add("docs/walkthrough.md: panel *" + title + "* is not on " + DASHBOARD);
          continue;
        }
        String operation = hits.get(0).path("targets").path(0).path("operation").asText("");
        Matcher op = OPERATION_NAMED.matcher(chunk);
        while (op.find() && !operation.isEmpty()) {
          if (!op.group(1).equals(operation)) {
            problems.add("docs/walkthrough.md: panel *" + title + "* searches operation `" + operation + "`, not `" + op.group(1) + "`");
          }
        }
      }
    }
    Matcher dashboardWait = WAIT.matcher(texts);
    if (dashboardWait.find()) {
      Matcher wait = WAIT.matcher(walkthrough);
      while (wait.find()) {
        if (!wait.group(1).equalsIgnoreCase(dashboardWait.group(1))) {
          problems.add("docs/walkthrough.md: says wait " + wait.group(1) + ", the dashboard says wait " + dashboardWait.group(1));
        }
      }
    }
    return problems;
  }

  private static final Pattern EXIT_CODE = Pattern.compile("(?i)\\bexit codes?\\b|\\bexit(?:s|ed)?\\W{0,3}[13-9]\\b");
  private static final Pattern ADMIN_ADDRESS = Pattern.compile("--internal-listen-address[= ]([^\\s`\"]+)");
  private static final Pattern MACHINE_REMARK = Pattern.compile(
      "(?i)\\b(?:no machine of|this machine|the machine that|(?:cannot|can't|not|never) (?:be )?run here|nobody has)\\b");

  /** A doc's habits: what make prints (not a program's exit code), the admin port on loopback, remarks about machines. */
  static List<String> habitProblems(String name, String markdown, boolean attendeePage) {
    List<String> problems = new ArrayList<>();
    Matcher exit = EXIT_CODE.matcher(markdown);
    while (exit.find()) {
      problems.add(name + ": '" + exit.group() + "': make reports a failing recipe as `Error N` and exits 2; say what make prints");
    }
    Matcher admin = ADMIN_ADDRESS.matcher(markdown);
    while (admin.find()) {
      if (!admin.group(1).matches("(127\\.0\\.0\\.1|localhost|\\[::1\\]):\\d+")) {
        problems.add(name + ": --internal-listen-address=" + admin.group(1) + " opens the admin port beyond loopback; use 127.0.0.1:PORT");
      }
    }
    Matcher remark = MACHINE_REMARK.matcher(attendeePage ? markdown : "");
    while (remark.find()) {
      problems.add(name + ": '" + remark.group() + "': what was verified where belongs in docs/verification.md");
    }
    return problems;
  }

  @Test
  void theSharedFactCheckersReportWhatTheyClaim() {
    JsonNode dashboard = Stack.yaml(Stack.file(DASHBOARD));
    String walkthrough = """
        ## 3. See it
        - **Look at**: *1. Request duration (click a dot)*; wait 20 to 30 seconds.
        - **Or**: in panel *2. Recent traces of the receiver*, click a trace ID (operation `POST /receive`).
        - Then *9. A panel that went*.
        """;
    assertThat(walkthroughProblems(walkthrough, dashboard)).containsExactly(
        "docs/walkthrough.md: panel *2. Recent traces of the receiver* searches operation `POST /api/v1/write`, not `POST /receive`",
        "docs/walkthrough.md: panel *9. A panel that went* is not on " + DASHBOARD,
        "docs/walkthrough.md: says wait 20 to 30 seconds, the dashboard says wait a minute");
    assertThat(habitProblems("t.md", """
        - **Exit code**: 0 when no hop crossed, 1 when one did. `make drill-answer` (exit 1 when wrong), and make exits 2.
        `make run-plain ARGS="--internal-listen-address=:9081"`, or `--internal-listen-address=127.0.0.1:9081`.
        Nobody has clicked through this: no machine of ours runs Docker.
        """, true)).containsExactly(
        "t.md: 'Exit code': make reports a failing recipe as `Error N` and exits 2; say what make prints",
        "t.md: 'exit 1': make reports a failing recipe as `Error N` and exits 2; say what make prints",
        "t.md: --internal-listen-address=:9081 opens the admin port beyond loopback; use 127.0.0.1:PORT",
        "t.md: 'Nobody has': what was verified where belongs in docs/verification.md",
        "t.md: 'no machine of': what was verified where belongs in docs/verification.md");
    assertThat(habitProblems("docs/verification.md", "Not run here: no machine of ours runs Docker.", false)).isEmpty();
  }

  // ------------------------------------------------ the checkers catch what they claim to

  static final String BAD = """
      Start with `make up`, then `make upp` and `make load RATE=5`.

      ```bash
      make frobnicate
      curl http://127.0.0.1:9999/metrics
      java -jar receiver.jar --internal-listen-address=127.0.0.1:9081
      ```

      Open http://localhost:13000 (fine) and [the config](prometheus/prometheus.yml) (fine),
      [a ghost](no/such/file.md), [lines](Makefile#L1-L99999), [backwards](Makefile#L5-L2),
      [outside](../../outside.md) and [absolute](/etc/hosts).
      Links in code are not links: `[not](checked.md)`. Web links are not files: [web](https://example.com).

      ```mermaid
      flowchart LR
        loadgen --> app
      ```
      """;

  @Test
  void checkersReportBrokenDocs() {
    List<String> problems = problems("BAD.md", BAD, rules.root(), rules);
    assertThat(problems).containsExactlyInAnyOrder(
        "BAD.md: `make upp`: no such target in Makefile or stack.mk",
        "BAD.md: `make frobnicate`: no such target in Makefile or stack.mk",
        "BAD.md: link no/such/file.md: no such file",
        "BAD.md: link Makefile#L1-L99999: lines 1-99999 are outside the file's "
            + lineCount(rules.root().resolve("Makefile")) + " lines",
        "BAD.md: link Makefile#L5-L2: line range 5-2 is backwards",
        "BAD.md: link ../../outside.md: points outside the repository",
        "BAD.md: link /etc/hosts: absolute path",
        "BAD.md: 127.0.0.1:9999 is neither published by docker-compose.yml nor a native-run port (8080, 8081)");
    assertThat(mermaidProblems(BAD, rules.services())).containsExactly(
        "README.md: the Mermaid diagram does not name service(s) [prometheus, loki, jaeger, pyroscope, grafana]");
    assertThat(mermaidProblems("no diagram here", Set.of("app")))
        .containsExactly("README.md: no ```mermaid diagram");
  }

  // ---------------------------------------------------------------- the checkers

  private static final Pattern FENCE = Pattern.compile("(?ms)^[ \\t]*```([^\\n]*)\\n(.*?)^[ \\t]*```[ \\t]*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern MAKE = Pattern.compile(
      "(?<![\\w$(/-])make((?:[ \\t]+[A-Z_][A-Z0-9_]*=\\S*)*)[ \\t]+([a-z][a-z0-9_-]*)");
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]\\n]*\\]\\(([^)\\s]+)(?:[ \\t]+\"[^\"]*\")?\\)");
  private static final Pattern LINES = Pattern.compile("L(\\d+)(?:-L(\\d+))?");
  private static final Pattern LOOPBACK_PORT = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})\\b");

  /** Every problem of one markdown text; {@code dir} is where its relative links start. */
  static List<String> problems(String name, String markdown, Path dir, Rules rules) {
    Set<String> problems = new LinkedHashSet<>();

    // make targets: only in code (fenced blocks and inline spans), where commands live.
    for (String code : code(markdown)) {
      Matcher m = MAKE.matcher(code);
      while (m.find()) {
        if (!rules.makeTargets().contains(m.group(2))) {
          problems.add(name + ": `make " + m.group(2) + "`: no such target in Makefile or stack.mk");
        }
      }
    }

    // relative links, outside code.
    Matcher link = LINK.matcher(withoutCode(markdown));
    while (link.find()) {
      String target = link.group(1);
      if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
        continue; // a URL (http:, https:, mailto:) or an anchor in the same page
      }
      String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
      String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
      if (path.startsWith("/")) {
        problems.add(name + ": link " + target + ": absolute path");
        continue;
      }
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(rules.root().normalize())) {
        problems.add(name + ": link " + target + ": points outside the repository");
        continue;
      }
      if (!Files.exists(file)) {
        problems.add(name + ": link " + target + ": no such file");
        continue;
      }
      Matcher lines = LINES.matcher(anchor);
      if (lines.matches()) {
        int from = Integer.parseInt(lines.group(1));
        int to = lines.group(2) == null ? from : Integer.parseInt(lines.group(2));
        if (!Files.isRegularFile(file)) {
          problems.add(name + ": link " + target + ": line anchor on a directory");
        } else if (from < 1 || to < from) {
          problems.add(name + ": link " + target + ": line range " + from + "-" + to + " is backwards");
        } else if (to > lineCount(file)) {
          problems.add(name + ": link " + target + ": lines " + from + "-" + to
              + " are outside the file's " + lineCount(file) + " lines");
        }
      }
    }

    // ports on this machine, anywhere in the text.
    Matcher port = LOOPBACK_PORT.matcher(markdown);
    while (port.find()) {
      boolean listenFlag = markdown.substring(Math.max(0, port.start() - 20), port.start()).matches("(?s).*listen-address[= ]");
      if (!listenFlag && !rules.ports().contains(Integer.parseInt(port.group(1)))) {
        problems.add(name + ": " + port.group() + " is neither published by docker-compose.yml"
            + " nor a native-run port (8080, 8081)");
      }
    }
    return new ArrayList<>(problems);
  }

  /** The README's ```mermaid block names every compose service. */
  static List<String> mermaidProblems(String markdown, Set<String> services) {
    Matcher fence = FENCE.matcher(markdown);
    StringBuilder diagrams = new StringBuilder();
    while (fence.find()) {
      if (fence.group(1).trim().equals("mermaid")) {
        diagrams.append(fence.group(2)).append('\n');
      }
    }
    if (diagrams.isEmpty()) {
      return List.of("README.md: no ```mermaid diagram");
    }
    List<String> missing = services.stream()
        .filter(s -> !Pattern.compile("\\b" + Pattern.quote(s) + "\\b").matcher(diagrams).find())
        .toList();
    return missing.isEmpty() ? List.of()
        : List.of("README.md: the Mermaid diagram does not name service(s) " + missing);
  }

  /** The contents of fenced blocks and inline code spans. */
  static List<String> code(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher fence = FENCE.matcher(markdown);
    while (fence.find()) {
      out.add(fence.group(2));
    }
    Matcher inline = INLINE_CODE.matcher(withoutFences(markdown));
    while (inline.find()) {
      out.add(inline.group(1));
    }
    return out;
  }

  static String withoutFences(String markdown) {
    return FENCE.matcher(markdown).replaceAll("");
  }

  static String withoutCode(String markdown) {
    return INLINE_CODE.matcher(withoutFences(markdown)).replaceAll("");
  }

  /** Targets defined in a makefile: `name:` or `a b:` at the start of a line, not `:=`. */
  static Set<String> makeTargets(String makefile) {
    Set<String> targets = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([A-Za-z0-9_.-]+(?:[ \\t]+[A-Za-z0-9_.-]+)*)[ \\t]*:(?![=:])")
        .matcher(makefile);
    while (m.find()) {
      for (String target : m.group(1).trim().split("\\s+")) {
        if (!target.startsWith(".")) {
          targets.add(target);
        }
      }
    }
    return targets;
  }

  /** Host ports the compose file publishes with its defaults: "127.0.0.1:${VAR:-18080}:8080". */
  static Set<Integer> publishedPorts(JsonNode compose) {
    Set<Integer> ports = new TreeSet<>();
    Pattern spec = Pattern.compile("^(?:[^:]+:)?(?:\\$\\{[A-Z0-9_]+:-(\\d+)\\}|(\\d+)):\\d+(?:/\\w+)?$");
    StackChecks.services(compose).forEach((name, svc) -> {
      for (JsonNode port : svc.path("ports")) {
        if (port.isTextual()) {
          Matcher m = spec.matcher(port.asText());
          if (m.matches()) {
            ports.add(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
          }
        } else if (port.has("published")) {
          String published = port.path("published").asText();
          Matcher m = Pattern.compile("(\\d+)\\D*$").matcher(published);
          if (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
          }
        }
      }
    });
    return ports;
  }

  /** The top level's *.md, docs/**.md and the README.md of every top-level directory, by relative path. */
  static Map<String, String> markdownFiles(Path root) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("README.md", Files.exists(root.resolve("README.md")) ? read(root.resolve("README.md")) : "");
    try (Stream<Path> top = Files.list(root)) {
      top.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md")).sorted()
          .forEach(p -> out.putIfAbsent(p.getFileName().toString(), read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> top = Files.list(root)) {
      top.filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(d -> {
            Path readme = d.resolve("README.md");
            if (Files.exists(readme)) {
              out.put(root.relativize(readme).toString(), read(readme));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (Files.isDirectory(root.resolve("docs"))) {
      try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
        walk.filter(p -> p.toString().endsWith(".md")).sorted()
            .forEach(p -> out.put(root.relativize(p).toString().replace('\\', '/'), read(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static long lineCount(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Grafana 13.2 sorts a span's links metrics, logs, profiles: the dashboard and the walkthrough name them so. */
  @Test
  void theSpanButtonsAreNamedInTheOrderGrafanaShowsThem() {
    String dashboard = Stack.yaml(Stack.file("grafana/dashboards/correlation-walkthrough.json")).toString();
    for (String text : List.of(dashboard, docs.get("docs/walkthrough.md"))) {
      int metrics = text.indexOf("**Calls of this operation**");
      int logs = text.indexOf("**Logs for this trace**", metrics);
      int profile = text.indexOf("**Profile of this span**", logs);
      assertThat(List.of(metrics, logs, profile)).as("the three buttons, in Grafana's order").doesNotContain(-1);
    }
  }
}
