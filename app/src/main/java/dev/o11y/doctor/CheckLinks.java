package dev.o11y.doctor;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * `make check-links`: does the walk work on this stack? One fresh request, then one line per
 * hop: ✓ with what came back, ✗ with the reason and the file to look at. Exit 0 when no hop
 * crossed, 1 when one did, 2 when Grafana or the receiver does not answer at all.
 *
 * <pre>CheckLinks --grafana=URL --receiver=URL --admin=URL [--patience=30s]</pre>
 *
 * Without Grafana, {@code --prometheus=URL --jaeger=URL} asks their own APIs instead
 * ({@link NativeBackend}): the hops that need Loki, Pyroscope or Grafana say they were skipped.
 * The links are rendered from the repository's files ({@link StackRoot}).
 */
public final class CheckLinks {

  static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);
  static final String USAGE = "usage: CheckLinks --grafana=URL --receiver=URL --admin=URL [--patience=30s]\n"
      + "   or: CheckLinks --prometheus=URL --jaeger=URL --receiver=URL --admin=URL [--patience=30s]";

  /** Where the queries go, where the receiver answers, and how long after the request each hop may wait for its data. */
  public record Settings(Backend backend, URI receiver, URI admin, Duration patience) {

    private static final Set<String> NAMES = Set.of("grafana", "prometheus", "jaeger", "receiver", "admin", "patience");

    /** From --grafana= (or --prometheus= and --jaeger=), --receiver=, --admin= (URLs) and --patience= (seconds, "30s"). */
    public static Settings parse(String... args) {
      Map<String, String> given = new HashMap<>();
      for (String arg : args) {
        String[] kv = arg.replaceFirst("^--", "").split("=", 2);
        if (kv.length != 2 || !arg.startsWith("--")) {
          throw new IllegalArgumentException("not --name=value: " + arg);
        }
        if (!NAMES.contains(kv[0])) {
          throw new IllegalArgumentException("unknown option --" + kv[0]);
        }
        given.put(kv[0], kv[1]);
      }
      Backend backend = backend(given);
      for (String required : List.of("receiver", "admin")) {
        if (!given.containsKey(required)) {
          throw new IllegalArgumentException("--" + required + "=URL is missing");
        }
      }
      String patience = given.getOrDefault("patience", DEFAULT_PATIENCE.toSeconds() + "s");
      if (!patience.matches("\\d+s")) {
        throw new IllegalArgumentException("--patience takes seconds, like 30s: " + patience);
      }
      return new Settings(backend, URI.create(given.get("receiver")), URI.create(given.get("admin")),
          Duration.ofSeconds(Long.parseLong(patience.substring(0, patience.length() - 1))));
    }

    /** Grafana, as the UI asks it; or, without Grafana, Prometheus and Jaeger themselves. */
    private static Backend backend(Map<String, String> given) {
      boolean grafana = given.containsKey("grafana");
      boolean prometheus = given.containsKey("prometheus");
      boolean jaeger = given.containsKey("jaeger");
      if (grafana && (prometheus || jaeger)) {
        throw new IllegalArgumentException("--grafana=URL, or --prometheus=URL and --jaeger=URL: not both");
      }
      if (grafana) {
        return new GrafanaBackend(URI.create(given.get("grafana")));
      }
      if (prometheus && jaeger) {
        return new NativeBackend(URI.create(given.get("prometheus")), URI.create(given.get("jaeger")));
      }
      throw new IllegalArgumentException(prometheus || jaeger
          ? "--" + (prometheus ? "jaeger" : "prometheus") + "=URL is missing"
          : "--grafana=URL is missing");
    }
  }

  /** What a run came to: its exit code, and each hop's result (none when nothing was walked). */
  public record Checked(int exitCode, List<HopResult> results) {}

  private CheckLinks() {}

  public static void main(String[] args) {
    System.exit(run(new PrintStream(System.out, true, StandardCharsets.UTF_8), args));
  }

  /** What main does, up to the exit code, which it returns: so that a test can read it. */
  static int run(PrintStream out, String... args) {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("check-links: " + e.getMessage());
      out.println(USAGE);
      return Report.NOTHING_TO_WALK;
    }
    Provisioning links;
    try {
      links = Provisioning.ofTheRepository();
    } catch (IllegalStateException | UncheckedIOException e) {
      out.println("check-links: cannot read the stack's files: " + e.getMessage());
      return Report.NOTHING_TO_WALK;
    }
    return check(settings, links, out).exitCode();
  }

  /** Walks the links of the stack at {@code settings} (through its Grafana, as a rule), printing as it goes. */
  public static Checked check(Settings settings, Provisioning links, PrintStream out) {
    Backend backend = settings.backend();
    ReceiverClient receiver = new ReceiverClient(settings.receiver(), settings.admin());
    Optional<String> down = backend.unreachable().or(receiver::unreachable);
    if (down.isPresent()) {
      out.println(Report.unreachable(down.get()));
      return new Checked(Report.NOTHING_TO_WALK, List.of());
    }
    ChainDoctor doctor = new ChainDoctor(backend, receiver, links, settings.patience());
    ChainDoctor.FreshRequest request;
    try {
      request = doctor.send();
    } catch (UncheckedIOException e) {
      out.println(Report.unreachable("the receiver does not answer at " + settings.receiver() + " (" + WebApi.why(e) + ")"));
      return new Checked(Report.NOTHING_TO_WALK, List.of());
    } catch (ReceiverClient.WriteRefused e) {
      out.println("✗ " + e.getMessage() + ": look at make logs S=app");
      return new Checked(Report.A_HOP_IS_BROKEN, List.of());
    }
    out.println("check-links: trace " + request.traceId() + ", a remote write to " + settings.receiver().resolve(ChainDoctor.HANDLER)
        + request.slowDecodeLeftOff().map(why -> " (slow-decode left off: " + why + ")").orElse(" with slow-decode on for it"));
    out.println("  each link rendered from grafana/, its query sent through " + backend.describe()
        + ", up to " + settings.patience().toSeconds() + " s after the request");
    List<HopResult> results = doctor.walk(request, result -> out.println(result.line()));
    out.println(Report.summary(results));
    return new Checked(Report.exitCode(results), results);
  }
}
