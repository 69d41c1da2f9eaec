package org.incidentatlas.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7946 FeatureCollection with every property as stored, nested lists included. The
 * citation comes first as foreign members, so that a reader sees it before the features;
 * {@code numberReturned} follows them, as only then is it known.
 */
final class GeoJsonFormat implements ExportFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String extension() {
    return "geojson";
  }

  @Override
  public String mediaType() {
    return "application/geo+json";
  }

  @Override
  public void write(Export export, OutputStream out) throws IOException {
    try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeStringField("type", "FeatureCollection");
      for (Map.Entry<String, Object> m : members(export.citation()).entrySet()) {
        json.writeFieldName(m.getKey());
        JSON.writeValue(json, m.getValue());
      }
      json.writeArrayFieldStart("features");
      long[] written = {0};
      export.features().forEach(f -> {
        json.writeStartObject();
        json.writeStringField("type", "Feature");
        json.writeStringField("id", f.id());
        json.writeFieldName("geometry");
        json.writeRawValue(f.geometryJson());
        json.writeFieldName("properties");
        json.writeRawValue(f.propertiesJson());
        json.writeEndObject();
        written[0]++;
      });
      json.writeEndArray();
      json.writeNumberField("numberReturned", written[0]);
      json.writeEndObject();
    }
  }

  static Map<String, Object> members(Citation c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.layerId());
    m.put("title", c.title());
    m.put("description", c.description());
    m.put("citation", c.text());
    m.put("licence", c.licence());
    m.put("attribution", c.attribution());
    m.put("query", c.query());
    m.put("buildId", c.buildId());
    m.put("builtAt", c.builtAt().toString());
    m.put("sources", c.sources());
    m.put("checksum", c.checksum());
    m.put("exportedAt", c.exportedAt().toString());
    m.put("links", List.of(new Link(c.url(), "cite-as", "application/geo+json"),
        new Link(c.describedBy(), "describedby", "application/json")));
    return m;
  }

  private record Link(String href, String rel, String type) {}
}
