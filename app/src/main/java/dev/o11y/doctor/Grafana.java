package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The Grafana provisioning and dashboards of the stack, read the way Grafana 13 reads them:
 * environment variables expanded in provisioning files, template variables interpolated in
 * links and queries, Explore URLs parsed into the pane they open. This is how the doctor (and
 * the tests, where Grafana cannot run) renders each link's target before sending its query.
 */
public final class Grafana {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Grafana() {}

  // ---- provisioning files ----

  /**
   * Grafana's expansion of provisioning values (pkg/services/provisioning/values): $VAR and
   * ${VAR} from the environment, unknown ones empty, and $$ for a literal $.
   */
  public static String expandEnv(String raw, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(name == null ? "$" : env.getOrDefault(name, "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The grafana service's environment in docker-compose.yml, with compose's ${VAR:-default} defaults. */
  public static Map<String, String> composeEnvironment() {
    return StackRoot.environment("grafana");
  }

  /** The provisioned datasources, as Grafana loads them with compose's environment. */
  public static List<JsonNode> datasources() {
    try {
      String raw = StackRoot.read("grafana/provisioning/datasources/datasources.yaml");
      JsonNode file = YAML.readTree(expandEnv(raw, composeEnvironment()));
      return StreamSupport.stream(file.path("datasources").spliterator(), false).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel of every dashboard in grafana/dashboards/, nested rows included. */
  public static List<Panel> panels() {
    try (Stream<Path> files = Files.list(StackRoot.path("grafana/dashboards"))) {
      List<Panel> panels = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        collect(dashboard.path("title").asText(), dashboard.path("panels"), panels);
      }
      return panels;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A dashboard panel and where it is, for messages. */
  public record Panel(String dashboard, JsonNode json) {
    public String where() {
      return dashboard + " / " + json.path("title").asText();
    }

    public List<JsonNode> targets() {
      return StreamSupport.stream(json.path("targets").spliterator(), false).toList();
    }

    public String datasourceUid() {
      return json.path("datasource").path("uid").asText();
    }
  }

  private static void collect(String dashboard, JsonNode panels, List<Panel> out) {
    for (JsonNode panel : panels) {
      out.add(new Panel(dashboard, panel));
      collect(dashboard, panel.path("panels"), out);
    }
  }

  // ---- template variables ----

  /** The variables Grafana fills in for a dashboard query (values a 15-minute view would get). */
  public static Map<String, String> dashboardVariables() {
    return Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "15m");
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  /**
   * Interpolates Grafana template variables (${name}, $name, ${__span.tags["k"]}) from the
   * given values, keyed by what stands between the braces. Like Grafana, which drops a link
   * whose variables are not all defined, it answers empty when one is missing.
   */
  public static Optional<String> interpolate(String template, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = vars.get(name.replaceFirst(":raw$", ""));
      if (value == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  /** Every string in a JSON query object, interpolated; empty if any variable is missing. */
  public static Optional<JsonNode> interpolate(JsonNode query, Map<String, String> vars) {
    try {
      return interpolate(JSON.writeValueAsString(query), jsonEscaped(vars)).map(Grafana::parse);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> jsonEscaped(Map<String, String> vars) {
    Map<String, String> escaped = new java.util.HashMap<>();
    vars.forEach((k, v) -> escaped.put(k.replace("\"", "\\\""), v.replace("\\", "\\\\").replace("\"", "\\\"")));
    return escaped;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Explore URLs ----

  /** The pane an Explore URL opens: its datasource, its first query and its time range. */
  public record ExplorePane(String datasourceUid, JsonNode query, JsonNode range) {
    /** The query's type; absent and "" are the same to a datasource. */
    public String queryType() {
      return query.path("queryType").asText("");
    }
  }

  /**
   * Parses /explore?schemaVersion=1&panes={...} as Grafana's v1 URL migrator does
   * (public/app/features/explore/hooks/useStateSync/migrators/v1.ts): one pane, its
   * `datasource` uid, its `queries` and its `range`.
   */
  public static ExplorePane explorePane(String url) {
    if (!url.startsWith("/explore?")) {
      throw new IllegalArgumentException("not an Explore URL: " + url);
    }
    String panes = null;
    boolean schemaV1 = false;
    for (String param : url.substring("/explore?".length()).split("&")) {
      String[] kv = param.split("=", 2);
      if (kv[0].equals("panes")) {
        panes = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      } else if (kv[0].equals("schemaVersion")) {
        schemaV1 = kv[1].equals("1");
      }
    }
    if (!schemaV1 || panes == null) {
      throw new IllegalArgumentException("an Explore URL needs schemaVersion=1 and panes: " + url);
    }
    JsonNode all = parse(panes);
    if (all.size() != 1) {
      throw new IllegalArgumentException("expected one pane in " + panes);
    }
    JsonNode pane = all.elements().next();
    JsonNode query = pane.path("queries").path(0);
    String datasource = pane.path("datasource").asText();
    if (!query.path("datasource").path("uid").asText(datasource).equals(datasource)) {
      throw new IllegalArgumentException("the pane's datasource and its query's differ: " + panes);
    }
    return new ExplorePane(datasource, query, pane.path("range"));
  }
}
