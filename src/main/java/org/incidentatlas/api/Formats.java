package org.incidentatlas.api;

import java.util.List;
import java.util.Map;

/** Media types the API speaks, and the {@code f} parameter that picks one. */
public final class Formats {
  public static final String JSON = "application/json";
  public static final String GEOJSON = "application/geo+json";
  public static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
  public static final String SCHEMA_JSON = "application/schema+json";
  public static final String HTML = "text/html";

  private Formats() {}

  /** For resources offered only as JSON: any other {@code f} is a 400 rather than a silent JSON reply. */
  static void checkJson(Map<String, List<String>> params) {
    String f = QueryParams.single(params, "f");
    if (f != null && !f.equals("json") && !f.equals("geojson")) {
      throw ApiException.badParameter("f='" + f + "' is not offered; use f=json");
    }
  }
}
