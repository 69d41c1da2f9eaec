package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Geometry;

/** A stored feature read back for writing: its geometry as JTS and its properties as a JSON tree. */
public record ExportFeature(String id, Geometry geometry, ObjectNode properties) {
  /** The value of a property; a missing one reads as JSON null. */
  public JsonNode value(String property) {
    JsonNode v = properties.get(property);
    return v == null ? properties.nullNode() : v;
  }
}
