package org.incidentatlas.geo;

import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.api.referencing.operation.TransformException;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Geometry;

/**
 * Coordinate reference systems, always longitude first. All GeoTools referencing of the atlas
 * goes through here so that axis order is decided once.
 */
public final class Crs {
  /** WGS84 longitude/latitude: what every layer is stored and served in (RFC 7946). */
  public static final CoordinateReferenceSystem WGS84 = DefaultGeographicCRS.WGS84;

  private Crs() {}

  /**
   * Decodes {@code EPSG:32638}, {@code urn:ogc:def:crs:EPSG::32638}, or one of the CRS84 names.
   *
   * @throws IllegalArgumentException with a message naming the code when it is unknown
   */
  public static CoordinateReferenceSystem decode(String code) {
    String c = code.trim();
    if (c.endsWith("CRS84") || c.equalsIgnoreCase("EPSG:4326") || c.endsWith("EPSG::4326")) {
      return WGS84;
    }
    try {
      return CRS.decode(c, true);
    } catch (FactoryException e) {
      throw new IllegalArgumentException("unknown coordinate reference system '" + code + "'");
    }
  }

  public static boolean isWgs84(CoordinateReferenceSystem crs) {
    return CRS.equalsIgnoreMetadata(crs, WGS84);
  }

  public static MathTransform transform(CoordinateReferenceSystem from, CoordinateReferenceSystem to) {
    try {
      return CRS.findMathTransform(from, to, true);
    } catch (FactoryException e) {
      throw new IllegalStateException("no transform from " + from.getName() + " to " + to.getName(), e);
    }
  }

  public static Geometry apply(Geometry geometry, MathTransform transform) {
    try {
      return JTS.transform(geometry, transform);
    } catch (TransformException e) {
      throw new IllegalArgumentException("cannot reproject geometry: " + e.getMessage(), e);
    }
  }
}
