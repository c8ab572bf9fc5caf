package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What the links are rendered from: the provisioned datasources and the dashboards' panels,
 * as Grafana loads them from grafana/ (or, in a test, a broken copy of them).
 */
public record Provisioning(List<JsonNode> datasources, List<Grafana.Panel> panels) {

  public static final String DATASOURCES_FILE = "grafana/provisioning/datasources/datasources.yaml";
  public static final String WALKTHROUGH_FILE = "grafana/dashboards/correlation-walkthrough.json";

  /** The repository's grafana/ files, read as Grafana reads them. */
  public static Provisioning ofTheRepository() {
    return new Provisioning(Grafana.datasources(), Grafana.panels());
  }

  public Optional<JsonNode> datasource(String uid) {
    return datasources.stream().filter(d -> d.path("uid").asText().equals(uid)).findFirst();
  }

  /** A datasource's type, "" when there is no datasource with that uid. */
  public String type(String uid) {
    return datasource(uid).map(d -> d.path("type").asText()).orElse("");
  }

  /** The first datasource of a type: the one the walk's links start from. */
  public Optional<JsonNode> firstOfType(String type) {
    return datasources.stream().filter(d -> d.path("type").asText().equals(type)).findFirst();
  }

  /** The same, with one datasource replaced by another of the same uid. */
  public Provisioning withDatasource(JsonNode replacement) {
    String uid = replacement.path("uid").asText();
    return new Provisioning(datasources.stream().map(d -> d.path("uid").asText().equals(uid) ? replacement : d).toList(), panels);
  }
}
