package org.incidentatlas.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.incidentatlas.ingest.SourceFeature;
import org.locationtech.jts.geom.Point;

/**
 * Turns a feature of {@code incidents.geojson} into an {@link Incident}: the record format of
 * {@link IncidentJson}, with the place fields required, since the file names its places itself.
 */
public final class IncidentParser {
  private static final List<String> PLACE_FIELDS = List.of("place_id", "place_name", "country", "admin1");

  private IncidentParser() {}

  /** @throws IllegalArgumentException naming every field that is missing or wrong */
  public static Incident parse(SourceFeature f) {
    ObjectNode feature = IncidentJson.JSON.createObjectNode();
    feature.put("type", "Feature");
    feature.put("id", f.feature().getID());
    if (f.feature().getDefaultGeometry() instanceof Point point) {
      ObjectNode geometry = feature.putObject("geometry");
      geometry.put("type", "Point");
      geometry.putArray("coordinates").add(point.getX()).add(point.getY());
    }
    ObjectNode properties = feature.putObject("properties");
    for (AttributeDescriptor d : f.feature().getFeatureType().getAttributeDescriptors()) {
      Object value = f.feature().getAttribute(d.getLocalName());
      if (!(value instanceof org.locationtech.jts.geom.Geometry)) {
        properties.set(d.getLocalName(), IncidentJson.JSON.valueToTree(value));
      }
    }
    try {
      Incident incident = IncidentJson.parse(feature, null);
      for (String field : PLACE_FIELDS) {
        if (!properties.hasNonNull(field) || properties.get(field).asText().isBlank()) {
          throw new IllegalArgumentException("required field '" + field + "' is missing or empty");
        }
      }
      return incident;
    } catch (InvalidRecord e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
