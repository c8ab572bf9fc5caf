package dev.o11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules the stack keeps, as plain functions from parsed files to a list of problems.
 * An empty list means "fine". The tests run them on the real files and on bad snippets.
 */
final class StackChecks {

  /** What the containers may take: 3.5 GiB, so that Docker with 4 GiB has room for itself too. */
  static final long MEMORY_BUDGET = 3584L * 1024 * 1024;

  /** Grafana's own pseudo datasources, referenced by UID without being provisioned. */
  private static final Set<String> BUILT_IN_UIDS = Set.of("grafana", "-- Grafana --", "-- Mixed --", "-- Dashboard --");

  private StackChecks() {}

  // ---------------------------------------------------------------- docker-compose.yml

  /** Every published port is "127.0.0.1:host:container" (or long syntax with host_ip 127.0.0.1). */
  static List<String> portsOnLoopback(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    services(compose).forEach((name, svc) -> {
      for (JsonNode port : svc.path("ports")) {
        boolean ok = port.isTextual()
            ? port.asText().startsWith("127.0.0.1:")
            : "127.0.0.1".equals(port.path("host_ip").asText());
        if (!ok) {
          problems.add(name + ": port " + port + " is not bound to 127.0.0.1");
        }
      }
    });
    return problems;
  }

  /** Images carry an exact tag (or digest); never missing, never "latest". */
  static List<String> imagesPinned(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    services(compose).forEach((name, svc) -> {
      String image = svc.path("image").asText("");
      boolean built = svc.has("build");
      if (image.isEmpty()) {
        if (!built) {
          problems.add(name + ": no image");
        }
        return;
      }
      if (image.contains("@sha256:")) {
        return;
      }
      // ${NAME:-default}: the tag .env may set, pinned when its default is (ComposeFileTest holds
      // .env.example to the same default).
      image = image.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1");
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      String tag = colon > slash ? image.substring(colon + 1) : "";
      if (tag.isEmpty()) {
        problems.add(name + ": image " + image + " has no tag");
      } else if (tag.equals("latest") || tag.contains("${")) {
        problems.add(name + ": image " + image + " is not pinned to an exact tag");
      }
    });
    return problems;
  }

  /**
   * A local image is built once and never pulled: one service builds it, with pull_policy
   * build; every other service that runs it says pull_policy never. Two services that build
   * one tag are two bake targets exporting it, and the second export can fail.
   */
  static List<String> localImagesBuiltOnce(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> builders = new java.util.TreeMap<>();
    services(compose).forEach((name, svc) -> {
      if (svc.has("build")) {
        builders.computeIfAbsent(svc.path("image").asText(name), i -> new ArrayList<>()).add(name);
      }
    });
    builders.forEach((image, names) -> {
      if (names.size() > 1) {
        problems.add("image " + image + " is built by " + names.size() + " services (" + String.join(", ", names)
            + "): build it in one, and let the others run it with pull_policy: never");
      }
    });
    services(compose).forEach((name, svc) -> {
      String image = svc.path("image").asText("");
      String policy = svc.path("pull_policy").asText("");
      if (svc.has("build") && !policy.equals("build")) {
        problems.add(name + ": builds " + image + " but has no pull_policy: build, so a plain up pulls it first");
      } else if (!svc.has("build") && builders.containsKey(image) && !policy.equals("never")) {
        problems.add(name + ": runs " + image + ", which " + builders.get(image).get(0)
            + " builds, without pull_policy: never, so up asks a registry for it");
      }
    });
    return problems;
  }

  /** The images the stack builds itself, from compose's build: services. */
  static Set<String> localImages(JsonNode compose) {
    Set<String> images = new LinkedHashSet<>();
    services(compose).forEach((name, svc) -> {
      if (svc.has("build")) {
        images.add(svc.path("image").asText(name));
      }
    });
    return images;
  }

  static List<String> healthchecks(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    services(compose).forEach((name, svc) -> {
      JsonNode hc = svc.path("healthcheck");
      if (hc.isMissingNode() || hc.path("disable").asBoolean(false)) {
        problems.add(name + ": no healthcheck");
        return;
      }
      JsonNode test = hc.path("test");
      boolean usable = test.isTextual() ? !test.asText().isBlank()
          : test.isArray() && test.size() >= 2 && !"NONE".equals(test.get(0).asText());
      if (!usable) {
        problems.add(name + ": healthcheck has no usable test");
      }
    });
    return problems;
  }

  /** depends_on in long form, each with condition service_healthy, naming a real service. */
  static List<String> dependsOnHealthy(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> services = services(compose);
    services.forEach((name, svc) -> {
      JsonNode deps = svc.path("depends_on");
      if (deps.isMissingNode()) {
        return;
      }
      if (!deps.isObject()) {
        problems.add(name + ": depends_on must be a map with condition: service_healthy");
        return;
      }
      deps.fields().forEachRemaining(e -> {
        if (!services.containsKey(e.getKey())) {
          problems.add(name + ": depends_on unknown service " + e.getKey());
        }
        if (!"service_healthy".equals(e.getValue().path("condition").asText())) {
          problems.add(name + ": depends_on " + e.getKey() + " without condition: service_healthy");
        }
      });
    });
    return problems;
  }

  /** Each service has mem_limit (or deploy.resources.limits.memory); the sum fits the budget. */
  static List<String> memoryLimits(JsonNode compose, long budget) {
    List<String> problems = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, JsonNode> e : services(compose).entrySet()) {
      String limit = memLimit(e.getValue());
      if (limit.isEmpty()) {
        problems.add(e.getKey() + ": no memory limit");
        continue;
      }
      try {
        total += bytes(limit);
      } catch (IllegalArgumentException ex) {
        problems.add(e.getKey() + ": " + ex.getMessage());
      }
    }
    if (total > budget) {
      problems.add("memory limits add up to " + total / (1024 * 1024) + " MiB, over the "
          + budget / (1024 * 1024) + " MiB budget");
    }
    return problems;
  }

  /** A service's memory limit as written: mem_limit, or deploy.resources.limits.memory; "" when none. */
  static String memLimit(JsonNode service) {
    return service.path("mem_limit").asText(service.path("deploy").path("resources").path("limits").path("memory").asText(""));
  }

  /** Named volumes that services mount are declared at the top level. */
  static List<String> namedVolumesDeclared(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    JsonNode declared = compose.path("volumes");
    services(compose).forEach((name, svc) -> {
      for (JsonNode v : svc.path("volumes")) {
        String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
        boolean named = !source.isEmpty() && !source.startsWith(".") && !source.startsWith("/")
            && !source.startsWith("~") && !source.startsWith("$");
        if (named && !declared.has(source)) {
          problems.add(name + ": volume " + source + " is not declared under volumes:");
        }
      }
    });
    return problems;
  }

  /**
   * Every file or directory a service mounts from the repository (a source starting with ./ or
   * ../, in short syntax "./x:/y:ro" or long syntax {type: bind, source: ./x}) exists under root:
   * a missing one, Docker creates as an empty directory and the service starts without its config.
   */
  static List<String> mountedFilesExist(JsonNode compose, Path root) {
    List<String> problems = new ArrayList<>();
    services(compose).forEach((name, svc) -> {
      for (JsonNode v : svc.path("volumes")) {
        String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText("");
        if ((source.startsWith("./") || source.startsWith("../")) && !Files.exists(root.resolve(source).normalize())) {
          problems.add(name + ": mounts " + source + ", which does not exist");
        }
      }
    });
    return problems;
  }

  static long bytes(String size) {
    Matcher m = Pattern.compile("(?i)^\\s*(\\d+)\\s*([kmg]?)i?b?\\s*$").matcher(size);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read memory size '" + size + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase()) {
      case "k" -> n * 1024;
      case "m" -> n * 1024 * 1024;
      case "g" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  static Map<String, JsonNode> services(JsonNode compose) {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    compose.path("services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  // ---------------------------------------------------------------- Grafana provisioning

  /** UIDs of the provisioned datasources; problems for missing or duplicate UIDs. */
  static Set<String> datasourceUids(List<JsonNode> provisioningFiles, List<String> problems) {
    Set<String> uids = new LinkedHashSet<>();
    for (JsonNode file : provisioningFiles) {
      for (JsonNode ds : file.path("datasources")) {
        String uid = ds.path("uid").asText("");
        String name = ds.path("name").asText("?");
        if (uid.isEmpty()) {
          problems.add("datasource " + name + " has no fixed uid");
        } else if (!uids.add(uid)) {
          problems.add("datasource uid " + uid + " is used twice");
        }
        if (ds.path("type").asText("").isEmpty() || ds.path("url").asText("").isEmpty()) {
          problems.add("datasource " + name + " needs a type and a url");
        }
      }
    }
    return uids;
  }

  /** Links between datasources (exemplars, derived fields, trace links, correlations) point at real UIDs. */
  static List<String> datasourceLinks(List<JsonNode> provisioningFiles) {
    List<String> problems = new ArrayList<>();
    Set<String> uids = datasourceUids(provisioningFiles, problems);
    for (JsonNode file : provisioningFiles) {
      for (JsonNode ds : file.path("datasources")) {
        String from = ds.path("uid").asText("?");
        JsonNode json = ds.path("jsonData");
        List<String> targets = new ArrayList<>();
        json.path("exemplarTraceIdDestinations").forEach(d -> {
          if (d.has("datasourceUid")) {
            targets.add(d.path("datasourceUid").asText());
          }
        });
        json.path("derivedFields").forEach(d -> {
          if (d.has("datasourceUid")) {
            targets.add(d.path("datasourceUid").asText());
          }
        });
        for (String key : List.of("tracesToLogsV2", "tracesToLogs", "tracesToMetrics", "tracesToProfiles",
            "serviceMap", "lokiSearch")) {
          if (json.has(key)) {
            targets.add(json.path(key).path("datasourceUid").asText());
          }
        }
        ds.path("correlations").forEach(c -> targets.add(c.path("targetUID").asText()));
        for (String target : targets) {
          if (!uids.contains(target)) {
            problems.add("datasource " + from + " links to unknown datasource uid '" + target + "'");
          }
        }
      }
    }
    return problems;
  }

  /** A dashboard parses, has a uid and a title, and names only provisioned datasource UIDs. */
  static List<String> dashboard(String name, String json, Set<String> datasourceUids) {
    List<String> problems = new ArrayList<>();
    JsonNode dash;
    try {
      dash = Stack.JSON.readTree(json);
    } catch (Exception e) {
      problems.add(name + ": does not parse as JSON: " + e.getMessage().lines().findFirst().orElse(""));
      return problems;
    }
    if (dash == null || !dash.isObject()) {
      problems.add(name + ": not a JSON object");
      return problems;
    }
    if (dash.path("uid").asText("").isEmpty()) {
      problems.add(name + ": no uid (links to it would break on every import)");
    }
    if (dash.path("title").asText("").isEmpty()) {
      problems.add(name + ": no title");
    }
    if (!dash.path("panels").isArray() || dash.path("panels").isEmpty()) {
      problems.add(name + ": no panels");
    }
    for (String uid : referencedUids(dash)) {
      if (!datasourceUids.contains(uid) && !BUILT_IN_UIDS.contains(uid) && !uid.startsWith("$")) {
        problems.add(name + ": refers to unknown datasource uid '" + uid + "'");
      }
    }
    return problems;
  }

  /** Every "datasource": {"uid": ...} and every "datasourceUid" anywhere in the tree. */
  static Set<String> referencedUids(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("datasource") && e.getValue().isObject() && e.getValue().has("uid")) {
          out.add(e.getValue().path("uid").asText());
        } else if (e.getKey().equals("datasource") && e.getValue().isTextual()) {
          out.add(e.getValue().asText()); // legacy: datasource given by name or uid string
        } else if (e.getKey().equals("datasourceUid")) {
          out.add(e.getValue().asText());
        }
        collect(e.getValue(), out);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }
}
