package org.incidentatlas.export.shapefile;

import java.util.Optional;

/** The shape types of the ESRI Shapefile Technical Description (1998) that the atlas's layers need. */
public enum ShapeType {
  NULL(0), POINT(1), POLYLINE(3), POLYGON(5), MULTIPOINT(8);

  final int code;

  ShapeType(int code) {
    this.code = code;
  }

  /** The shape type for a GeoJSON geometry type; empty for those a shapefile cannot hold (GeometryCollection). */
  public static Optional<ShapeType> forGeometryType(String geoJsonType) {
    return Optional.ofNullable(switch (geoJsonType) {
      case "Point" -> POINT;
      case "MultiPoint" -> MULTIPOINT;
      case "LineString", "MultiLineString" -> POLYLINE;
      case "Polygon", "MultiPolygon" -> POLYGON;
      default -> null;
    });
  }
}
