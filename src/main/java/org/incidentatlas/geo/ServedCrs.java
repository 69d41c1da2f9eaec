package org.incidentatlas.geo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The coordinate reference systems the API answers in and accepts boxes in (OGC API Features
 * Part 2). Layers are stored in WGS84 longitude/latitude (CRS84); the others are reprojected with
 * GeoTools on the way out. EPSG:4326 is the same datum with the axes as its definition orders
 * them, latitude first.
 */
public enum ServedCrs {
  CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", null, false, 6),
  WGS84_LAT_LON("http://www.opengis.net/def/crs/EPSG/0/4326", null, true, 6),
  WEB_MERCATOR("http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:3857", false, 2),
  UTM_38N("http://www.opengis.net/def/crs/EPSG/0/32638", MetricFrame.CODE, false, 2);

  private static final GeometryFactory GEOMETRIES = new GeometryFactory();
  private static final AffineTransformation SWAP_AXES = new AffineTransformation(0, 1, 0, 1, 0, 0);

  /** The transforms of a projected system, both ways. */
  private record Transforms(MathTransform fromWgs84, MathTransform toWgs84) {}

  private final String uri;
  private final String projected;
  private final boolean latitudeFirst;
  private final int decimals;
  /**
   * Made on first use: decoding an EPSG code opens GeoTools' EPSG database, some 15 MB of heap
   * that a server answering only in CRS84 never needs.
   */
  private volatile Transforms transforms;

  ServedCrs(String uri, String projected, boolean latitudeFirst, int decimals) {
    this.uri = uri;
    this.projected = projected;
    this.latitudeFirst = latitudeFirst;
    this.decimals = decimals;
  }

  private Transforms transforms() {
    Transforms t = transforms;
    if (t == null) {
      CoordinateReferenceSystem crs = Crs.decode(projected);
      t = new Transforms(Crs.transform(Crs.WGS84, crs), Crs.transform(crs, Crs.WGS84));
      transforms = t;
    }
    return t;
  }

  public String uri() {
    return uri;
  }

  /** Decimals that keep about 0.1 m: six for degrees, two for metres. */
  public int decimals() {
    return decimals;
  }

  public static List<String> uris() {
    return Arrays.stream(values()).map(ServedCrs::uri).toList();
  }

  public static Optional<ServedCrs> byUri(String uri) {
    return Arrays.stream(values()).filter(c -> c.uri.equals(uri.trim())).findFirst();
  }

  /** A geometry stored in CRS84, in this system's coordinates and axis order. */
  public Geometry fromWgs84(Geometry lonLat) {
    if (latitudeFirst) {
      return swapped(lonLat);
    }
    return projected == null ? lonLat : Crs.apply(lonLat, transforms().fromWgs84());
  }

  /** A geometry given in this system, in CRS84. */
  public Geometry toWgs84(Geometry geometry) {
    if (latitudeFirst) {
      return swapped(geometry);
    }
    return projected == null ? geometry : Crs.apply(geometry, transforms().toWgs84());
  }

  /**
   * The CRS84 extent of a box given in this system. Its edges are densified before reprojection:
   * a straight edge in metres is a curve in degrees, and the corners alone would cut it off.
   */
  public Envelope boxToWgs84(double minX, double minY, double maxX, double maxY) {
    if (minX > maxX || minY > maxY) {
      throw new IllegalArgumentException("box has its minimum above its maximum");
    }
    int steps = 16;
    Coordinate[] ring = new Coordinate[4 * steps + 1];
    for (int i = 0; i < steps; i++) {
      double f = (double) i / steps;
      ring[i] = new Coordinate(minX + f * (maxX - minX), minY);
      ring[steps + i] = new Coordinate(maxX, minY + f * (maxY - minY));
      ring[2 * steps + i] = new Coordinate(maxX - f * (maxX - minX), maxY);
      ring[3 * steps + i] = new Coordinate(minX, maxY - f * (maxY - minY));
    }
    ring[4 * steps] = ring[0];
    return toWgs84(GEOMETRIES.createPolygon(ring)).getEnvelopeInternal();
  }

  /** The reflection in the line x = y: longitude and latitude change places. */
  private static Geometry swapped(Geometry g) {
    return SWAP_AXES.transform(g);
  }
}
