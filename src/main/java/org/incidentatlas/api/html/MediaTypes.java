package org.incidentatlas.api.html;

import java.util.Map;

/** Names of media types for a reader who does not know them by their codes. */
final class MediaTypes {
  private static final Map<String, String> LABELS = Map.of(
      "application/json", "JSON",
      "application/geo+json", "GeoJSON",
      "application/vnd.oai.openapi+json;version=3.0", "OpenAPI (JSON)",
      "text/html", "web page");

  private MediaTypes() {}

  static String label(String type) {
    return LABELS.getOrDefault(type, type);
  }
}
