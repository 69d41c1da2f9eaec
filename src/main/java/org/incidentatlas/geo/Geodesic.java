package org.incidentatlas.geo;

import org.geotools.referencing.GeodeticCalculator;
import org.locationtech.jts.geom.Coordinate;

/** Distances on the WGS84 ellipsoid, for places anywhere in the two countries. */
public final class Geodesic {
  private Geodesic() {}

  /** Orthodromic distance in metres between two longitude/latitude coordinates. */
  public static double distanceMetres(Coordinate a, Coordinate b) {
    GeodeticCalculator calc = new GeodeticCalculator();
    calc.setStartingGeographicPoint(a.x, a.y);
    calc.setDestinationGeographicPoint(b.x, b.y);
    return calc.getOrthodromicDistance();
  }
}
