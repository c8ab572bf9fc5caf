package dev.o11y.doctor;

import com.fasterxml.jackson.databind.JsonNode;

/** A link's query, rendered: the datasource it names, the query itself, and the time range it opens. */
public record LinkQuery(String datasourceUid, String datasourceType, JsonNode query, Window window) {}
