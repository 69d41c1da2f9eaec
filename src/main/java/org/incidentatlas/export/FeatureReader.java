package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.incidentatlas.store.StoredFeature;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/** Parses the stored GeoJSON of a feature. One per download: the geometry reader is not shared between threads. */
final class FeatureReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GeoJsonReader geometry = new GeoJsonReader(new GeometryFactory());

  ExportFeature read(StoredFeature f) throws IOException {
    try {
      return new ExportFeature(f.id(), geometry.read(f.geometryJson()), properties(f));
    } catch (ParseException e) {
      throw new IOException("stored geometry of " + f.id() + " is not GeoJSON: " + e.getMessage(), e);
    }
  }

  static ObjectNode properties(StoredFeature f) throws IOException {
    JsonNode p = JSON.readTree(f.properties());
    return p instanceof ObjectNode o ? o : JSON.createObjectNode();
  }
}
