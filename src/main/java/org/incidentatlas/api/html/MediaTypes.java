package org.incidentatlas.api.html;

import java.util.Map;
import org.incidentatlas.api.Formats;

/** Names of media types for a reader who does not know them by their codes. */
final class MediaTypes {
  private static final Map<String, String> LABELS = Map.of(
      Formats.JSON, "JSON",
      Formats.GEOJSON, "GeoJSON",
      Formats.OPENAPI, "OpenAPI (JSON)",
      Formats.SCHEMA_JSON, "JSON Schema",
      Formats.HTML, "web page");

  private MediaTypes() {}

  static String label(String type) {
    return LABELS.getOrDefault(type, type);
  }
}
