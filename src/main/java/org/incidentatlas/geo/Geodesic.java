package org.incidentatlas.geo;

import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.distance.DistanceOp;

/** Distances on the WGS84 ellipsoid, for places anywhere in the two countries and beyond. */
public final class Geodesic {
  private static final net.sf.geographiclib.Geodesic WGS84 = net.sf.geographiclib.Geodesic.WGS84;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();
  /** The centre of an azimuthal equidistant frame. */
  private static final Point ORIGIN = GEOMETRY.createPoint(new Coordinate(0, 0));
  /** Metres in a degree of latitude are at least this many, anywhere on the ellipsoid. */
  private static final double MIN_METRES_PER_DEGREE_LAT = 110_500;
  /** Metres in a degree of longitude at the equator are at least this many; elsewhere times cos(latitude). */
  private static final double MIN_METRES_PER_DEGREE_LON = 111_000;

  private Geodesic() {}

  /** Orthodromic distance in metres between two longitude/latitude coordinates. */
  public static double distanceMetres(Coordinate a, Coordinate b) {
    return WGS84.Inverse(a.y, a.x, b.y, b.x, GeodesicMask.DISTANCE).s12;
  }

  /**
   * Shortest distance in metres between two longitude/latitude geometries; 0 when they meet.
   * Measured from the nearest point of one to the other in an azimuthal equidistant frame centred
   * on that point, where distances from the centre are exactly geodesic; so it is exact when one
   * geometry is a point, and close to it (within the curvature of a segment) otherwise. The
   * nearest points are found in a frame with longitude scaled by the cosine of the latitude, which
   * picks the same points as the ellipsoid would for all but near-ties.
   */
  public static double distanceMetres(Geometry a, Geometry b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    if (a.intersects(b)) {
      return 0;
    }
    if (a instanceof Point p) {
      return fromPoint(p.getCoordinate(), b);
    }
    if (b instanceof Point p) {
      return fromPoint(p.getCoordinate(), a);
    }
    Envelope both = new Envelope(a.getEnvelopeInternal());
    both.expandToInclude(b.getEnvelopeInternal());
    double scale = Math.cos(Math.toRadians((both.getMinY() + both.getMaxY()) / 2));
    Coordinate[] near = DistanceOp.nearestPoints(scaled(a, scale), scaled(b, scale));
    Coordinate onA = new Coordinate(near[0].x / scale, near[0].y);
    Coordinate onB = new Coordinate(near[1].x / scale, near[1].y);
    return Math.min(fromPoint(onA, b), fromPoint(onB, a));
  }

  /**
   * Distance from {@code centre} to the geometry, in the azimuthal equidistant frame of the centre.
   * The centre lies off the geometry: callers have tested that the two do not intersect.
   */
  private static double fromPoint(Coordinate centre, Geometry g) {
    Geometry projected = g.copy();
    projected.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
      GeodesicData d = WGS84.Inverse(centre.y, centre.x, c.y, c.x, GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH);
      double azimuth = Math.toRadians(d.azi1);
      c.x = d.s12 * Math.sin(azimuth);
      c.y = d.s12 * Math.cos(azimuth);
    });
    projected.geometryChanged();
    return projected.distance(ORIGIN);
  }

  private static Geometry scaled(Geometry g, double scale) {
    Geometry out = g.copy();
    out.apply((org.locationtech.jts.geom.CoordinateFilter) c -> c.x *= scale);
    out.geometryChanged();
    return out;
  }

  /**
   * A longitude/latitude box holding every point within {@code metres} of {@code box}, for an
   * index search before the exact test. It errs on the large side; across a pole or the
   * antimeridian it spans all longitudes.
   */
  public static Envelope around(Envelope box, double metres) {
    double dLat = metres / MIN_METRES_PER_DEGREE_LAT;
    double south = Math.max(-90, box.getMinY() - dLat);
    double north = Math.min(90, box.getMaxY() + dLat);
    double cos = Math.cos(Math.toRadians(Math.max(Math.abs(south), Math.abs(north))));
    double dLon = cos < 1e-6 ? 360 : metres / (MIN_METRES_PER_DEGREE_LON * cos);
    double west = box.getMinX() - dLon;
    double east = box.getMaxX() + dLon;
    if (west < -180 || east > 180) {
      west = -180;
      east = 180;
    }
    return new Envelope(west, east, south, north);
  }
}
