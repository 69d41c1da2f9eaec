package org.incidentatlas.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the few fields a reader needs from a stored feature's JSON. Incident properties carry
 * claims, actors and sources that search and a publish never use; streaming past them instead of
 * building a tree matters when a layer holds a million incidents.
 */
public final class FeatureFields {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeatureFields() {}

  /**
   * The {@code wanted} top-level properties that are present and not null: strings as String,
   * whole numbers as Long, other numbers as Double, arrays as the List of their string elements.
   */
  public static Map<String, Object> read(byte[] propertiesJson, Set<String> wanted) throws IOException {
    Map<String, Object> out = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(propertiesJson)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("properties are not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (!wanted.contains(name)) {
          p.skipChildren();
          continue;
        }
        switch (value) {
          case VALUE_STRING -> out.put(name, p.getText());
          case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
          case VALUE_NUMBER_FLOAT -> out.put(name, p.getDoubleValue());
          case START_ARRAY -> out.put(name, strings(p));
          default -> p.skipChildren();
        }
      }
    }
    return out;
  }

  private static List<String> strings(JsonParser p) throws IOException {
    List<String> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  /** A property as text; null when absent. */
  public static String text(Map<String, Object> fields, String name) {
    Object v = fields.get(name);
    return v == null ? null : v.toString();
  }

  /** A property that is an array of strings; empty when absent or not an array. */
  @SuppressWarnings("unchecked")
  public static List<String> texts(Map<String, Object> fields, String name) {
    Object v = fields.get(name);
    return v instanceof List<?> ? (List<String>) v : List.of();
  }

  /** Longitude and latitude of a GeoJSON Point. */
  public static double[] lonLat(byte[] geometryJson) throws IOException {
    JsonNode c = JSON.readTree(geometryJson).path("coordinates");
    if (!c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
      throw new IOException("not a GeoJSON Point: " + new String(geometryJson, StandardCharsets.UTF_8));
    }
    return new double[] {c.get(0).asDouble(), c.get(1).asDouble()};
  }
}
