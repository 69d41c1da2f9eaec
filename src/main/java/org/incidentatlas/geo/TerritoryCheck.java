package org.incidentatlas.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * What the two countries and their border must satisfy before anything is derived from them: the
 * territory is divided, not shared and not left out, and the border runs all the way around
 * it. A build that finds a problem stops; distances and sides computed over a broken border would
 * be wrong without anyone noticing.
 */
public final class TerritoryCheck {
  /**
   * Overlap and gaps smaller than this are the rounding of coordinates to five decimals (about a
   * metre) along shared edges, not territory.
   */
  static final double NOISE_M2 = 1000;

  private TerritoryCheck() {}

  /** Every problem found, each a sentence naming the place; empty when the territory is sound. */
  public static List<String> problems(Country armenia, Country azerbaijan, Border border) {
    Geometry am = MetricFrame.toMetric(armenia.geometry());
    // Only what lies near Armenia can touch it; the rest of Azerbaijan would make the overlays slow.
    Geometry az = MetricFrame.toMetric(azerbaijan.geometry()).intersection(am.getEnvelope().buffer(5000));
    List<String> out = new ArrayList<>();
    Geometry overlap = am.intersection(az);
    for (int i = 0; i < overlap.getNumGeometries(); i++) {
      Geometry part = overlap.getGeometryN(i);
      if (part.getArea() > NOISE_M2) {
        out.add(String.format(Locale.ROOT, "%s and %s overlap by %.2f km² around %s", armenia.name(), azerbaijan.name(),
            part.getArea() / 1e6, where(part)));
      }
    }
    Geometry together = am.union(az);
    for (int i = 0; i < together.getNumGeometries(); i++) {
      if (!(together.getGeometryN(i) instanceof Polygon p)) {
        continue;
      }
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        Polygon gap = p.getFactory().createPolygon(p.getInteriorRingN(h).getCoordinates());
        // Armenia's outline is its whole territory, lakes included: ground enclosed next to it
        // that neither outline holds is a gap between the two, not water.
        if (gap.getArea() > NOISE_M2 && gap.distance(am) < Border.SHARED_EDGE_TOLERANCE_M) {
          out.add(String.format(Locale.ROOT, "%.2f km² next to %s around %s belong to neither country", gap.getArea() / 1e6,
              armenia.name(), where(gap)));
        }
      }
    }
    Geometry line = border.metric();
    for (Country c : List.of(armenia, azerbaijan)) {
      Geometry own = c == armenia ? am : az;
      Geometry other = c == armenia ? az : am;
      for (int i = 0; i < own.getNumGeometries(); i++) {
        if (own.getGeometryN(i) instanceof Polygon part && isEnclosedBy(part, other) && !closedAround(part.getExteriorRing(), line)) {
          out.add(String.format(Locale.ROOT, "the border is not closed around the exclave of %s at %s", c.name(), where(part)));
        }
      }
    }
    Geometry outer = together.getFactory().createMultiLineString(exteriorRings(together));
    for (int i = 0; i < line.getNumGeometries(); i++) {
      LineString l = (LineString) line.getGeometryN(i);
      if (l.isClosed()) {
        continue;
      }
      for (Point end : List.of(l.getStartPoint(), l.getEndPoint())) {
        if (end.distance(outer) > Border.SHARED_EDGE_TOLERANCE_M) {
          out.add("the border breaks off at " + where(end) + ", inside the two countries");
        }
      }
    }
    return out;
  }

  /** A part of one country with the other all around it. */
  private static boolean isEnclosedBy(Polygon part, Geometry other) {
    return part.getArea() > NOISE_M2 && part.getArea() < other.getArea()
        && other.buffer(Border.SHARED_EDGE_TOLERANCE_M).covers(part.getExteriorRing());
  }

  /** Whether one closed line of the border runs along the whole ring. */
  private static boolean closedAround(LinearRing ring, Geometry border) {
    Geometry near = ring.buffer(Border.SHARED_EDGE_TOLERANCE_M);
    for (int i = 0; i < border.getNumGeometries(); i++) {
      LineString l = (LineString) border.getGeometryN(i);
      if (l.isClosed() && near.covers(l) && l.buffer(Border.SHARED_EDGE_TOLERANCE_M).covers(ring)) {
        return true;
      }
    }
    return false;
  }

  private static LineString[] exteriorRings(Geometry polygons) {
    List<LineString> out = new ArrayList<>();
    for (int i = 0; i < polygons.getNumGeometries(); i++) {
      if (polygons.getGeometryN(i) instanceof Polygon p) {
        out.add(p.getExteriorRing());
      }
    }
    return out.toArray(LineString[]::new);
  }

  /** A point of the geometry as latitude/longitude, for the message. */
  private static String where(Geometry metric) {
    Point p = MetricFrame.toWgs84(metric.getInteriorPoint()).getInteriorPoint();
    return String.format(Locale.ROOT, "%.3f N, %.3f E", p.getY(), p.getX());
  }
}
