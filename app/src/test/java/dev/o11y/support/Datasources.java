package dev.o11y.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o11y.doctor.Grafana;
import java.util.Optional;

/** One provisioned datasource by its uid, for the tests that read a link's settings from it. */
public final class Datasources {

  private Datasources() {}

  public static JsonNode byUid(String uid) {
    return Grafana.datasources().stream().filter(d -> d.path("uid").asText().equals(uid)).findFirst()
        .orElseThrow(() -> new AssertionError("no provisioned datasource with uid " + uid));
  }

  public static Optional<String> typeOf(String uid) {
    return Grafana.datasources().stream().filter(d -> d.path("uid").asText().equals(uid)).map(d -> d.path("type").asText()).findFirst();
  }
}
