package org.incidentatlas.geo;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/** Polygon helpers. */
public final class Polygons {
  private Polygons() {}

  /**
   * The polygonal parts of a geometry as one MultiPolygon, so a layer holds one geometry type
   * (GIS clients such as GDAL expect that of a collection).
   */
  public static MultiPolygon asMultiPolygon(Geometry g) {
    if (g instanceof MultiPolygon m) {
      return m;
    }
    List<Polygon> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
        parts.add(p);
      }
    }
    return g.getFactory().createMultiPolygon(parts.toArray(Polygon[]::new));
  }
}
