package dev.o11y.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.doctor.Grafana;
import dev.o11y.support.DrillSeeds;
import dev.o11y.support.StackFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every drill's texts and answers, and the answer checker, without a server. */
class DrillCatalogTest {

  @Test
  void thereAreTheSevenKindsOfFaultTheWorkshopTeaches() {
    assertThat(DrillCatalog.ALL).extracting(Drill::id).containsExactly("hot-method", "lock-contention",
        "allocation-churn", "off-cpu", "one-protocol-fails", "memory-leak", "cardinality-bomb");
  }

  @Test
  void everyDrillHasASymptomThreeHintsACausePathAndLesson() {
    for (Drill d : DrillCatalog.ALL) {
      assertThat(d.symptom()).as(d.id()).isNotBlank();
      assertThat(d.hints()).as(d.id()).hasSize(3).allSatisfy(h -> assertThat(h).isNotBlank());
      assertThat(d.cause()).as(d.id()).isNotBlank();
      assertThat(d.path()).as(d.id()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(d.lesson()).as(d.id()).isNotBlank();
    }
  }

  /** The symptom is what a user reports: no answer of its drill in it, and the hints name no method or class. */
  @Test
  void nothingTheLearnerReadsBeforeTheEndGivesTheAnswerAway() {
    for (Drill d : DrillCatalog.ALL) {
      assertThat(Answers.matches(d.symptom(), d.answers())).as(d.id() + ": " + d.symptom()).isFalse();
      for (String identifier : identifiers(d)) {
        assertThat(d.hints()).as(d.id()).noneMatch(h -> Answers.normalize(h).contains(Answers.normalize(identifier)));
        assertThat(d.symptom()).as(d.id()).doesNotContainIgnoringCase(identifier);
      }
    }
  }

  @Test
  void theCauseAndPathNameTheMethodThatDoesIt() {
    for (Drill d : DrillCatalog.ALL) {
      String method = d.answers().get(0);
      assertThat(d.cause()).as(d.id()).contains(method.contains("_") ? method : method.substring(method.lastIndexOf('.') + 1));
      assertThat(d.accepts(d.cause())).as(d.id() + " accepts its own cause").isTrue();
    }
  }

  @Test
  void everyDrillAcceptsItsMethodInAnySpellingAndNoOtherDrillsAnswer() {
    for (Drill d : DrillCatalog.ALL) {
      String qualified = d.answers().get(0); // Class.method, or a metric name
      List<String> spellings = qualified.contains(".")
          ? List.of(qualified, qualified.toLowerCase(), qualified.replace('.', '#') + "()",
              "dev.o11y.drills." + qualified, "it is " + qualified + " in the decode span",
              qualified.substring(qualified.lastIndexOf('.') + 1), qualified.substring(0, qualified.indexOf('.')))
          : List.of(qualified, qualified.toUpperCase(), "the metric " + qualified);
      for (String spelling : spellings) {
        assertThat(d.accepts(spelling)).as(d.id() + " accepts " + spelling).isTrue();
        assertThat(DrillCatalog.matching(spelling)).as(spelling).containsExactly(d);
      }
      for (Drill other : DrillCatalog.ALL) {
        if (other != d) {
          assertThat(d.accepts(other.answers().get(0))).as(d.id() + " refuses " + other.answers().get(0)).isFalse();
        }
      }
      assertThat(d.accepts("the network")).isFalse();
      assertThat(d.accepts("")).isFalse();
    }
  }

  @Test
  void kindsOfFaultAreAcceptedTooInTheirUsualSpellings() {
    assertThat(drill("off-cpu").accepts("Off-CPU")).isTrue();
    assertThat(drill("off-cpu").accepts("off cpu: the thread waits")).isTrue();
    assertThat(drill("lock-contention").accepts("Lock contention")).isTrue();
    assertThat(drill("allocation-churn").accepts("allocation churn")).isTrue();
    assertThat(drill("one-protocol-fails").accepts("remote write 2.0")).isTrue();
    assertThat(drill("memory-leak").accepts("a memory leak")).isTrue();
    assertThat(drill("cardinality-bomb").accepts("high cardinality")).isTrue();
    assertThat(drill("hot-method").accepts("cpu")).as("the symptom says CPU: not an answer").isFalse();
  }

  /**
   * Seeds and the drills they start, written down once and never computed: a room shares a seed
   * (docs/facilitator.md), and a change to how a seed picks (the formula, the order of the drills, their
   * number) would start another drill for every seed already written down. 0 to 12 reach every drill.
   */
  private static final Map<Long, String> SEEDS = Map.ofEntries(
      Map.entry(0L, "memory-leak"), Map.entry(1L, "one-protocol-fails"), Map.entry(2L, "memory-leak"),
      Map.entry(3L, "memory-leak"), Map.entry(4L, "off-cpu"), Map.entry(5L, "allocation-churn"),
      Map.entry(6L, "one-protocol-fails"), Map.entry(7L, "off-cpu"), Map.entry(8L, "lock-contention"),
      Map.entry(9L, "hot-method"), Map.entry(10L, "allocation-churn"), Map.entry(11L, "lock-contention"),
      Map.entry(12L, "cardinality-bomb"), Map.entry(42L, "lock-contention"));

  @Test
  void aSeedPicksTheDrillItAlwaysPicked() {
    Map<Long, String> picked = new TreeMap<>();
    SEEDS.keySet().forEach(seed -> picked.put(seed, DrillCatalog.pick(seed).id()));
    assertThat(picked).as("seed -> drill").isEqualTo(new TreeMap<>(SEEDS));
    assertThat(Set.copyOf(SEEDS.values())).as("every drill has a seed in the table")
        .isEqualTo(DrillCatalog.ALL.stream().map(Drill::id).collect(Collectors.toSet()));
  }

  /** A seed the docs give a room (`make drill SEED=42`) is one the table above holds to its drill. */
  @Test
  void everySeedTheDocsNameIsPinned() throws IOException {
    StringBuilder docs = new StringBuilder(StackFiles.read("README.md"));
    try (Stream<Path> pages = Files.list(StackFiles.path("docs"))) {
      pages.filter(p -> p.toString().endsWith(".md")).forEach(p -> docs.append(StackFiles.read("docs/" + p.getFileName())));
    }
    Matcher seed = Pattern.compile("SEED=(\\d+)").matcher(docs);
    int named = 0;
    while (seed.find()) {
      assertThat(SEEDS).as("SEED=" + seed.group(1)).containsKey(Long.valueOf(seed.group(1)));
      named++;
    }
    assertThat(named).as("the docs name a seed for the room").isPositive();
  }

  @Test
  void theActiveDrillHintsChecksAndStopsWithoutNamingItself() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ActiveDrill active = new ActiveDrill(registry);
    assertThat(registry.get("receiver.drill.active").gauge().value()).isZero();
    Drill drill = active.start(7L).orElseThrow();
    assertThat(drill.id()).as("the seed's drill, from the table above").isEqualTo(SEEDS.get(7L));
    assertThat(active.start(8L)).as("one drill at a time").isEmpty();
    assertThat(registry.get("receiver.drill.active").gauge().value()).isEqualTo(1);
    assertThat(active.nextHint()).hasValueSatisfying(h -> assertThat(h.number()).isEqualTo(1));
    assertThat(active.nextHint()).hasValueSatisfying(h -> assertThat(h.text()).isEqualTo(drill.hints().get(1)));
    assertThat(active.nextHint()).hasValueSatisfying(h -> assertThat(h.of()).isEqualTo(3));
    assertThat(active.nextHint()).isEmpty();
    assertThat(active.check(drill.answers().get(0))).isTrue();
    Drill other = DrillCatalog.ALL.stream().filter(d -> d != drill).findFirst().orElseThrow();
    assertThat(active.check(other.answers().get(0))).isFalse();
    assertThat(active.check(drill.answers().get(0) + " or " + other.answers().get(0))).as("one guess at a time").isFalse();
    assertThat(active.stop()).contains(drill);
    assertThat(active.fault()).isSameAs(Fault.NONE);
    assertThat(registry.get("receiver.drill.active").gauge().value()).isZero();
    assertThat(active.stop()).isEmpty();
  }

  @Test
  void everyDrillGivesItsThreeHintsInOrderAndTakesItsAnswers() {
    for (Drill drill : DrillCatalog.ALL) {
      ActiveDrill active = new ActiveDrill(new SimpleMeterRegistry());
      long seed = DrillSeeds.seedFor(drill.id());
      assertThat(active.start(seed)).contains(drill);
      for (int i = 0; i < drill.hints().size(); i++) {
        int number = i + 1;
        assertThat(active.nextHint()).as(drill.id()).hasValueSatisfying(h -> assertThat(h.number()).isEqualTo(number))
            .hasValueSatisfying(h -> assertThat(h.text()).isEqualTo(drill.hints().get(number - 1)));
      }
      assertThat(active.nextHint()).as(drill.id()).isEmpty();
      for (String answer : drill.answers()) {
        assertThat(active.check(answer)).as(drill.id() + " takes " + answer).isTrue();
      }
      assertThat(active.stop()).contains(drill);
    }
  }

  @Test
  void whatTheLeakAndTheCardinalityBombKeepIsGivenBackWhenTheyStop() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WriteRequestCounter bomb = new WriteRequestCounter(registry);
    for (int i = 0; i < 10; i++) {
      bomb.afterWrite(new FaultedRequest("1.0", new byte[10], "r" + i));
    }
    assertThat(registry.find("receiver.write.requests").counters()).hasSize(10);
    bomb.clear();
    bomb.afterWrite(new FaultedRequest("1.0", new byte[10], "late"));
    assertThat(registry.find("receiver.write.requests").counters()).isEmpty();

    ReplayLog leak = new ReplayLog();
    leak.keepForReplay(new FaultedRequest("1.0", new byte[(int) ReplayLog.MAX_BYTES - 10], "big"));
    leak.keepForReplay(new FaultedRequest("1.0", new byte[100], "over the bound"));
    leak.keepForReplay(new FaultedRequest("1.0", new byte[5], "small"));
    assertThat(leak.size()).as("bounded: what would pass the bound is not kept").isEqualTo(2);
    leak.clear();
    leak.keepForReplay(new FaultedRequest("1.0", new byte[5], "late"));
    assertThat(leak.size()).isZero();
  }

  /** A hint names panels in *stars*: each is the start of a panel's title on a provisioned dashboard. */
  @Test
  void everyPanelAHintNamesIsOnADashboard() {
    List<String> titles = Grafana.panels().stream().map(p -> p.json().path("title").asText()).toList();
    int named = 0;
    for (Drill d : DrillCatalog.ALL) {
      for (String hint : d.hints()) {
        Matcher m = Pattern.compile("\\*([^*]+)\\*").matcher(hint);
        while (m.find()) {
          String panel = m.group(1);
          assertThat(titles).as(d.id() + " names panel " + panel).anyMatch(t -> t.startsWith(panel));
          named++;
        }
      }
    }
    assertThat(named).isGreaterThan(7);
  }

  /** docs/facilitator.md quotes each drill's symptom, cause, path and lesson as the receiver holds them. */
  @Test
  void theFacilitatorsGuideQuotesEveryDrillWordForWord() {
    String guide = StackFiles.read("docs/facilitator.md");
    for (Drill d : DrillCatalog.ALL) {
      assertThat(guide).as(d.id()).contains("(`" + d.id() + "`)", "**Symptom**: " + d.symptom(), "**Cause**: " + d.cause(),
          "**Teaches**: " + d.lesson());
      d.path().forEach(step -> assertThat(guide).as(d.id()).contains("  - " + step));
    }
  }

  /**
   * docs/drills.md, the attendees' page, quotes each symptom and its hints in order, and nothing
   * that gives an answer away: no drill's name, cause, path step or lesson, no method, class or
   * metric among its answers.
   */
  @Test
  void theAttendeesPageQuotesSymptomsAndHintsAndNoAnswer() {
    String page = StackFiles.read("docs/drills.md");
    for (Drill d : DrillCatalog.ALL) {
      assertThat(page).as(d.id()).contains("**Symptom**: " + d.symptom());
      for (int i = 0; i < d.hints().size(); i++) {
        assertThat(page).as(d.id() + " hint " + (i + 1)).contains((i + 1) + ". " + d.hints().get(i));
      }
      assertThat(answersOnThePage(page, d)).as(d.id() + ": answers on docs/drills.md").isEmpty();
    }
  }

  /** What of a drill's answers a page shows: its name, cause, path steps, lesson, identifiers among its answers. */
  static List<String> answersOnThePage(String page, Drill d) {
    List<String> found = new java.util.ArrayList<>();
    for (String text : Stream.concat(Stream.of(d.id(), d.cause(), d.lesson()), d.path().stream()).toList()) {
      if (page.contains(text)) {
        found.add(text);
      }
    }
    String normalized = Answers.normalize(page);
    for (String identifier : identifiers(d)) {
      if (normalized.contains(Answers.normalize(identifier))) {
        found.add(identifier);
      }
    }
    return found;
  }

  @Test
  void anAnswerOnTheAttendeesPageIsFound() {
    Drill lock = drill("lock-contention");
    assertThat(answersOnThePage("Symptoms only.", lock)).isEmpty();
    assertThat(answersOnThePage("Try A=\"SeriesRegistry.refreshUnderGlobalLock\".", lock))
        .contains("SeriesRegistry.refreshUnderGlobalLock", "refreshUnderGlobalLock", "SeriesRegistry");
    assertThat(answersOnThePage("### 2. Lock contention (`lock-contention`)", lock)).contains("lock-contention");
  }

  /** docs/facilitator.md's table of seeds is the one this class pins, row for row. */
  @Test
  void theFacilitatorsSeedTableIsThePinnedOne() {
    assertThat(seedTable(StackFiles.read("docs/facilitator.md"))).as("docs/facilitator.md: seed -> drill")
        .isEqualTo(new TreeMap<>(SEEDS));
    assertThat(seedTable("| 3 | `make drill SEED=3` | `memory-leak` | F |\n| 4 | `make drill SEED=5` | `off-cpu` | D |"))
        .as("a row whose command names another seed is not read as pinned").containsExactly(Map.entry(3L, "memory-leak"));
  }

  /** Rows "| seed | `make drill SEED=seed` | `drill` | ... |" of a page. */
  static Map<Long, String> seedTable(String page) {
    Map<Long, String> table = new TreeMap<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| `make drill SEED=(\\d+)` \\| `([a-z-]+)` \\|").matcher(page);
    while (row.find()) {
      if (row.group(1).equals(row.group(2))) {
        table.put(Long.valueOf(row.group(1)), row.group(3));
      }
    }
    return table;
  }

  private static Drill drill(String id) {
    return DrillCatalog.ALL.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  /** The method and class names among a drill's answers. */
  private static List<String> identifiers(Drill d) {
    return d.answers().stream().filter(a -> a.matches(".*[A-Z_].*")).toList();
  }
}
