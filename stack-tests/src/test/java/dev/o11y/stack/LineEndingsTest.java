package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Windows checkout hands containers and shells the same bytes as a Linux one: every file that
 * docker-compose.yml mounts, that app/Dockerfile copies into the image, or that is executable,
 * and every script and config by its kind, is held by .gitattributes to `text eol=lf` (read with
 * `git check-attr`, the reader Git itself uses); every file that is not text is `binary`, so that
 * no conversion touches it.
 */
class LineEndingsTest {

  /** The kinds of file a container or a shell reads, whatever their place. */
  static final Pattern CONTAINER_KINDS = Pattern.compile(
      "(^|.*/)(Dockerfile|Makefile|[^/]+\\.(sh|yml|yaml|properties|args|mk))$|^\\.ci/run$|^stack-tests/bin/[^/]+$");

  record Attrs(String text, String eol) {}

  static Map<String, Attrs> attrs;
  static Set<String> tracked;
  static Set<String> executables;

  @BeforeAll
  static void load() {
    Stack.requireTool("git");
    Stack.Result files = Stack.run(List.of("git", "ls-files", "-s", "-z"));
    Stack.require(files.exitCode() == 0, "not a Git work tree: " + files.output().strip());
    tracked = new TreeSet<>();
    executables = new TreeSet<>();
    for (String entry : files.output().split("\0")) {
      if (entry.isBlank()) {
        continue;
      }
      String path = entry.substring(entry.indexOf('\t') + 1);
      tracked.add(path);
      if (entry.startsWith("100755")) {
        executables.add(path);
      }
    }
    List<String> command = new ArrayList<>(List.of("git", "check-attr", "-z", "text", "eol", "--"));
    command.addAll(tracked);
    Stack.Result out = Stack.run(command);
    assertThat(out.exitCode()).as(out.output()).isZero();
    attrs = parseCheckAttr(out.output());
  }

  /** `git check-attr -z` prints path NUL attribute NUL value NUL, twice per path here. */
  static Map<String, Attrs> parseCheckAttr(String output) {
    String[] f = output.split("\0");
    Map<String, String[]> raw = new TreeMap<>();
    for (int i = 0; i + 2 < f.length; i += 3) {
      String[] pair = raw.computeIfAbsent(f[i], k -> new String[2]);
      pair[f[i + 1].equals("text") ? 0 : 1] = f[i + 2];
    }
    Map<String, Attrs> out = new TreeMap<>();
    raw.forEach((path, v) -> out.put(path, new Attrs(v[0], v[1])));
    return out;
  }

  @Test
  void gitReadsTheRulesForEveryTrackedFile() {
    assertThat(attrs.keySet()).isEqualTo(tracked);
    assertThat(Files.exists(Stack.file(".gitattributes"))).isTrue();
  }

  @Test
  void everyFileAContainerOrAShellReadsIsLfText() {
    Set<String> binaries = binaries(tracked);
    Set<String> required = containerFacing();
    assertThat(required).as("what compose mounts, the Dockerfile copies, or is executable")
        .contains("docker-compose.yml", "prometheus/prometheus.yml", "grafana/dashboards/correlation-walkthrough.json",
            "app/pom.xml", "app/jvm.args", "app/agents.args", "app/otel-agent.properties", ".ci/run",
            "stack-tests/bin/doctor.sh", "app/Dockerfile", "Makefile", "stack.mk");
    assertThat(problems(required, binaries, attrs)).isEmpty();
  }

  /** Whatever else Git takes for text also arrives with LF, and nothing Git would convert is binary. */
  @Test
  void everyOtherFileIsLfTextOrBinary() {
    assertThat(problems(tracked, binaries(tracked), attrs)).isEmpty();
    assertThat(binaries(tracked)).as("the recorded bodies, fuzz seeds and pictures are found")
        .contains("docs/img/architecture.png", "app/src/test/resources/fixtures/remote-write/prometheus-2.42/b0000.bin");
  }

  /** Files that compose mounts, app/Dockerfile copies, the system executes, or are a container's kind. */
  static Set<String> containerFacing() {
    Set<String> out = new TreeSet<>();
    JsonNode compose = Stack.composeBuildingTheReceiver();
    StackChecks.services(compose).forEach((name, svc) -> {
      for (JsonNode v : svc.path("volumes")) {
        String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText("");
        if (source.startsWith("./")) {
          out.addAll(under(source.substring(2)));
        }
      }
      JsonNode build = svc.path("build");
      String context = build.isTextual() ? build.asText() : build.path("context").asText("");
      if (!context.isEmpty()) {
        String dir = context.replaceFirst("^\\./", "").replaceFirst("/$", "");
        String dockerfile = dir + "/" + build.path("dockerfile").asText("Dockerfile");
        out.add(dockerfile);
        for (String source : copySources(read(Stack.file(dockerfile)))) {
          out.addAll(under(dir + "/" + source.replaceFirst("^\\./", "")));
        }
      }
    });
    out.addAll(executables);
    tracked.stream().filter(p -> CONTAINER_KINDS.matcher(p).matches()).forEach(out::add);
    return out;
  }

  /** The sources of every COPY/ADD that copies from the build context (not --from another stage). */
  static List<String> copySources(String dockerfile) {
    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^(?:COPY|ADD)\\s+(.+)$").matcher(dockerfile);
    while (m.find()) {
      List<String> words = new ArrayList<>(List.of(m.group(1).trim().split("\\s+")));
      if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
        continue;
      }
      words.removeIf(w -> w.startsWith("--"));
      sources.addAll(words.subList(0, words.size() - 1));
    }
    return sources;
  }

  /** Tracked files at or under a path. */
  static Set<String> under(String path) {
    String p = path.replaceFirst("/$", "");
    Set<String> out = new TreeSet<>();
    tracked.stream().filter(f -> f.equals(p) || f.startsWith(p + "/")).forEach(out::add);
    return out;
  }

  /** Each file of {@code required}: binary content marked binary, anything else explicit LF text. */
  static List<String> problems(Set<String> required, Set<String> binaries, Map<String, Attrs> attrs) {
    List<String> problems = new ArrayList<>();
    for (String path : required) {
      Attrs a = attrs.getOrDefault(path, new Attrs("unspecified", "unspecified"));
      if (binaries.contains(path)) {
        if (!"unset".equals(a.text())) {
          problems.add(path + ": not text, but .gitattributes does not mark it binary (text: " + a.text() + ")");
        }
      } else if (!"set".equals(a.text()) || !"lf".equals(a.eol())) {
        problems.add(path + ": needs an explicit `text eol=lf` rule in .gitattributes (text: " + a.text()
            + ", eol: " + a.eol() + ")");
      }
    }
    return problems;
  }

  /** Files that are not UTF-8 text: a NUL byte, or bytes UTF-8 cannot decode. */
  static Set<String> binaries(Set<String> paths) {
    Set<String> out = new TreeSet<>();
    for (String path : paths) {
      if (!isText(bytes(Stack.file(path)))) {
        out.add(path);
      }
    }
    return out;
  }

  static boolean isText(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  // ------------------------------------------------ the checker catches what it claims to

  @Test
  void theCheckerReportsAFileWithoutARuleAndABinaryThatGitWouldConvert() {
    Map<String, Attrs> bad = Map.of(
        "prometheus/prometheus.yml", new Attrs("auto", "lf"),
        "run.sh", new Attrs("set", "unspecified"),
        "b0000.bin", new Attrs("auto", "lf"),
        "ok.yml", new Attrs("set", "lf"),
        "ok.png", new Attrs("unset", "lf"));
    assertThat(problems(new TreeSet<>(bad.keySet()), Set.of("b0000.bin", "ok.png"), bad)).containsExactly(
        "b0000.bin: not text, but .gitattributes does not mark it binary (text: auto)",
        "prometheus/prometheus.yml: needs an explicit `text eol=lf` rule in .gitattributes (text: auto, eol: lf)",
        "run.sh: needs an explicit `text eol=lf` rule in .gitattributes (text: set, eol: unspecified)");
    assertThat(copySources("COPY pom.xml .\nCOPY --chown=1 src ./src\nCOPY --from=build /x /y\nCOPY a b /app/\n"))
        .containsExactly("pom.xml", "src", "a", "b");
    assertThat(isText("a\tb\r\nc é".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(isText(new byte[] {'a', 0, 'b'})).isFalse();
    assertThat(isText(new byte[] {'a', (byte) 0xff, 'b'})).isFalse();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
