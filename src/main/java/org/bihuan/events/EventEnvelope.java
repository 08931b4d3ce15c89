package org.bihuan.events;

import com.fasterxml.jackson.databind.JsonNode;

/** A CloudEvents 1.0 structured-mode event as Bihuan reads it; {@code raw} is the whole JSON. */
record EventEnvelope(String id, String source, String type, String subject, JsonNode data, JsonNode raw) {

  static final String UNIT_SOURCE_PREFIX = "/units/";

  static EventEnvelope of(JsonNode json) {
    return new EventEnvelope(
        json.path("id").asText(), json.path("source").asText(), json.path("type").asText(),
        json.hasNonNull("subject") ? json.path("subject").asText() : null, json.path("data"), json);
  }

  /** The unit code of a {@code /units/<code>} source. */
  String unitCode() {
    return source.startsWith(UNIT_SOURCE_PREFIX) ? source.substring(UNIT_SOURCE_PREFIX.length()) : null;
  }

  String text(String field) {
    JsonNode value = data.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  Integer integer(String field) {
    JsonNode value = data.get(field);
    return value == null || value.isNull() ? null : value.asInt();
  }
}
