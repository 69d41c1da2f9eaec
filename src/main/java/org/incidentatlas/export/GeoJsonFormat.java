package org.incidentatlas.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.geo.ServedCrs;

/**
 * An RFC 7946 FeatureCollection with every property as stored, nested lists included. The
 * citation comes first as foreign members, so that a reader sees it before the features;
 * {@code numberReturned} follows them, as only then is it known.
 */
final class GeoJsonFormat implements ExportFormat {
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
    try (FeatureCollectionWriter writer = new FeatureCollectionWriter(out, null, ServedCrs.CRS84)) {
      writer.begin(members(export.citation()));
      export.features().forEach(writer);
      writer.end(Map.of("numberReturned", writer.written()));
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
