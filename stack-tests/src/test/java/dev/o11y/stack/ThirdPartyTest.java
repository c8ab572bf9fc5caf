package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project ships only what it wrote, under LICENSE (the Apache License 2.0, the standard text
 * whole), and what others wrote under their own licenses, each named in THIRD_PARTY.md: every
 * file in the repository that is not text is listed there, as kept from elsewhere or as the
 * project's own output, and every artifact, image, Go module and npm package the build files
 * name is on the page (an npm package with the license its lock records).
 */
class ThirdPartyTest {

  /** SHA-256 of the Apache License 2.0 as the ASF publishes it (LICENSE-2.0.txt, 11,358 bytes). */
  static final String APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";

  static String page;
  static Set<String> tracked;

  @BeforeAll
  static void load() {
    page = read(Stack.file("THIRD_PARTY.md"));
    Stack.requireTool("git");
    Stack.Result files = Stack.run(List.of("git", "ls-files", "-z"));
    Stack.require(files.exitCode() == 0, "not a Git work tree: " + files.output().strip());
    tracked = new TreeSet<>(List.of(files.output().split("\0")));
    tracked.remove("");
  }

  @Test
  void theLicenseIsTheApacheLicense20WholeAndTheReadmeNamesIt() throws NoSuchAlgorithmException {
    byte[] license = LineEndingsTest.bytes(Stack.file("LICENSE"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(license));
    assertThat(sha).as("LICENSE is the standard Apache License 2.0 text, complete and unchanged").isEqualTo(APACHE_2_0_SHA256);
    assertThat(read(Stack.file("README.md"))).contains("[Apache License 2.0](LICENSE)", "[THIRD_PARTY.md](THIRD_PARTY.md)");
  }

  @Test
  void everyFileThatIsNotTextIsListedAndEveryListedPatternMatches() {
    Set<String> binaries = LineEndingsTest.binaries(tracked);
    assertThat(binaries).hasSizeGreaterThan(40);
    assertThat(listingProblems(binaries, tracked, listedPatterns(page))).isEmpty();
  }

  @Test
  void everyArtifactTheMavenBuildsNameIsOnThePage() {
    List<String> artifacts = new ArrayList<>(mavenArtifacts(read(Stack.file("app/pom.xml"))));
    artifacts.addAll(mavenArtifacts(read(Stack.file("stack-tests/pom.xml"))));
    assertThat(artifacts).contains("io.opentelemetry.javaagent:opentelemetry-javaagent", "io.pyroscope:agent",
        "io.pyroscope:otel", "io.javalin:javalin");
    assertThat(missing(artifacts, page)).as("artifacts of app/pom.xml and stack-tests/pom.xml not on THIRD_PARTY.md").isEmpty();
  }

  @Test
  void everyImageAndGoModuleIsOnThePage() {
    List<String> names = new ArrayList<>(images());
    assertThat(names).contains("grafana/grafana", "maven", "eclipse-temurin");
    String tools = read(Stack.file("scripts/native-tools.sh"));
    Matcher module = Pattern.compile("(?m)^\\s*build \\S+ \"[^\"]*\" (\\S+) ").matcher(tools);
    while (module.find()) {
      names.add(module.group(1));
    }
    Matcher replaced = Pattern.compile("=> (github\\.com/[^/\\s]+/[^/\\s]+)").matcher(read(Stack.file("scripts/compliance/go.mod")));
    while (replaced.find()) {
      names.add(replaced.group(1));
    }
    assertThat(names).contains("github.com/prometheus/prometheus", "github.com/prometheus/compliance");
    assertThat(missing(names, page)).as("images and Go modules not on THIRD_PARTY.md").isEmpty();
  }

  @Test
  void everyNpmPackageIsOnThePageWithTheLicenseItsLockRecords() {
    List<String> problems = new ArrayList<>();
    int packages = 0;
    for (String file : tracked) {
      if (!file.endsWith("package.json") || file.contains("node_modules/")) {
        continue;
      }
      JsonNode pkg = json(Stack.file(file));
      JsonNode lock = json(Stack.file(file.replace("package.json", "package-lock.json")));
      for (String name : (Iterable<String>) () -> pkg.path("dependencies").fieldNames()) {
        packages++;
        String license = lock.path("packages").path("node_modules/" + name).path("license").asText("(none in the lock)");
        problems.addAll(npmProblems(file, name, license, page));
      }
    }
    assertThat(packages).isGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  // ---------------------------------------------------------------- the checks

  /** The backticked patterns of the first column of the two tables of files, by section. */
  static Map<String, String> listedPatterns(String markdown) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String section : List.of("## Kept in the repository", "## Made by this project")) {
      int at = markdown.indexOf(section);
      if (at < 0) {
        continue;
      }
      int end = markdown.indexOf("\n## ", at + section.length());
      String body = markdown.substring(at, end < 0 ? markdown.length() : end);
      Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(body);
      while (row.find()) {
        Matcher glob = Pattern.compile("`([^`]+)`").matcher(row.group(1));
        while (glob.find()) {
          out.put(glob.group(1), section);
        }
      }
    }
    return out;
  }

  /** Each binary matched by exactly one listed pattern; each pattern matching some tracked file. */
  static List<String> listingProblems(Set<String> binaries, Set<String> files, Map<String, String> patterns) {
    List<String> problems = new ArrayList<>();
    Map<String, PathMatcher> matchers = new LinkedHashMap<>();
    patterns.keySet().forEach(p -> matchers.put(p, FileSystems.getDefault().getPathMatcher("glob:" + p)));
    for (String file : binaries) {
      List<String> hits = matchers.entrySet().stream().filter(e -> e.getValue().matches(Path.of(file))).map(Map.Entry::getKey).toList();
      if (hits.isEmpty()) {
        problems.add(file + ": not text, and not listed in THIRD_PARTY.md (kept from elsewhere, or made by this project)");
      } else if (hits.size() > 1) {
        problems.add(file + ": listed more than once in THIRD_PARTY.md: " + hits);
      }
    }
    matchers.forEach((pattern, m) -> {
      if (files.stream().noneMatch(f -> m.matches(Path.of(f)))) {
        problems.add("THIRD_PARTY.md lists " + pattern + ", which matches no file of the repository");
      }
    });
    return problems;
  }

  /** groupId:artifactId of every dependency and every copied artifact, BOM imports left out. */
  static List<String> mavenArtifacts(String pom) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)<(dependency|artifactItem)>(.*?)</\\1>").matcher(pom);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains("<scope>import</scope>")) {
        continue;
      }
      out.add(tag(body, "groupId") + ":" + tag(body, "artifactId"));
    }
    return out;
  }

  /** Pulled images by repository (no tag): compose's, app/Dockerfile's FROMs, the dev container's. */
  static List<String> images() {
    List<String> out = new ArrayList<>();
    JsonNode compose = Stack.composeBuildingTheReceiver();
    Set<String> local = StackChecks.localImages(compose);
    StackChecks.services(compose).forEach((name, svc) -> {
      String image = svc.path("image").asText("");
      if (!image.isEmpty() && !local.contains(image)) {
        out.add(repository(image));
      }
    });
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(read(Stack.file("app/Dockerfile")));
    while (from.find()) {
      out.add(repository(from.group(1)));
    }
    Path devcontainer = Stack.file(".devcontainer/devcontainer.json");
    if (Files.exists(devcontainer)) {
      JsonNode dc = DevcontainerTest.parse(read(devcontainer));
      if (dc.has("image")) {
        out.add(repository(dc.path("image").asText()));
      }
      dc.path("features").fieldNames().forEachRemaining(f -> out.add(repository(f)));
    }
    return out;
  }

  static String repository(String image) {
    String noDigest = image.replaceFirst("@.*$", "");
    int slash = noDigest.lastIndexOf('/');
    int colon = noDigest.lastIndexOf(':');
    return colon > slash ? noDigest.substring(0, colon) : noDigest;
  }

  /** Names not written on the page in backticks. */
  static List<String> missing(List<String> names, String markdown) {
    return names.stream().distinct().filter(n -> !markdown.contains("`" + n + "`")).toList();
  }

  /** An npm package's row: its name in backticks in the first column, its lock's license in the last. */
  static List<String> npmProblems(String file, String name, String license, String markdown) {
    Matcher row = Pattern.compile("(?m)^\\| ([^|]*`" + Pattern.quote(name) + "`[^|]*) \\|.*\\| ([^|]+) \\|$").matcher(markdown);
    if (!row.find()) {
      return List.of(file + ": " + name + " is not on THIRD_PARTY.md");
    }
    if (!row.group(2).trim().equals(license)) {
      return List.of(file + ": " + name + " is " + license + " in its lock, THIRD_PARTY.md says " + row.group(2).trim());
    }
    return List.of();
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1).trim() : "?";
  }

  // ------------------------------------------------ the checks catch what they claim to

  @Test
  void theChecksReportAnUnlistedBinaryAStaleRowAMissingArtifactAndAWrongLicense() {
    Map<String, String> patterns = listedPatterns("""
        ## Kept in the repository
        | files | what |
        |---|---|
        | `fixtures/*.bin` | bodies |
        | `gone/*.bin` | once |
        ## Made by this project
        | `docs/img/a.png`, `docs/img/*.png` | make slides |
        """);
    assertThat(patterns.keySet()).containsExactly("fixtures/*.bin", "gone/*.bin", "docs/img/a.png", "docs/img/*.png");
    assertThat(listingProblems(new TreeSet<>(Set.of("fixtures/b0.bin", "docs/img/a.png", "docs/new.png")),
        Set.of("fixtures/b0.bin", "docs/img/a.png", "docs/new.png"), patterns)).containsExactly(
        "docs/img/a.png: listed more than once in THIRD_PARTY.md: [docs/img/a.png, docs/img/*.png]",
        "docs/new.png: not text, and not listed in THIRD_PARTY.md (kept from elsewhere, or made by this project)",
        "THIRD_PARTY.md lists gone/*.bin, which matches no file of the repository");
    assertThat(mavenArtifacts("<dependency><groupId>a</groupId><artifactId>b</artifactId><scope>import</scope></dependency>"
        + "<dependency><groupId>c</groupId><artifactId>d</artifactId></dependency>"
        + "<artifactItem><groupId>e</groupId><artifactId>f</artifactId></artifactItem>")).containsExactly("c:d", "e:f");
    assertThat(missing(List.of("c:d", "e:f"), "| `c:d` | x |")).containsExactly("e:f");
    assertThat(npmProblems("p/package.json", "mupdf", "AGPL-3.0-or-later", "| `mupdf` | checks | MIT |"))
        .containsExactly("p/package.json: mupdf is AGPL-3.0-or-later in its lock, THIRD_PARTY.md says MIT");
    assertThat(npmProblems("p/package.json", "vega", "BSD-3-Clause", "| `vega-lite` | plot | BSD-3-Clause |"))
        .containsExactly("p/package.json: vega is not on THIRD_PARTY.md");
    assertThat(repository("grafana/grafana:13.2.3")).isEqualTo("grafana/grafana");
    assertThat(repository("localhost:5000/x@sha256:ab")).isEqualTo("localhost:5000/x");
    assertThat(repository("ghcr.io/devcontainers/features/docker-in-docker:2")).isEqualTo("ghcr.io/devcontainers/features/docker-in-docker");
  }

  static JsonNode json(Path file) {
    try {
      return Stack.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    return LineEndingsTest.read(file);
  }
}
