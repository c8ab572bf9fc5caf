package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The data frames of an /api/ds/query answer, in Grafana's JSON wire format: each frame has
 * schema.fields (names) and data.values (one array per field, a column).
 */
final class Frames {

  private Frames() {}

  /** Every cell of the columns with that name (case aside), over every frame. */
  static List<JsonNode> column(JsonNode frames, String name) {
    List<JsonNode> cells = new ArrayList<>();
    for (JsonNode frame : frames) {
      JsonNode fields = frame.path("schema").path("fields");
      for (int i = 0; i < fields.size(); i++) {
        if (fields.path(i).path("name").asText().equalsIgnoreCase(name)) {
          frame.path("data").path("values").path(i).forEach(cells::add);
        }
      }
    }
    return cells;
  }

  /** How many rows the frames hold together: the length of each frame's first column. */
  static int rows(JsonNode frames) {
    int rows = 0;
    for (JsonNode frame : frames) {
      rows += frame.path("data").path("values").path(0).size();
    }
    return rows;
  }
}
