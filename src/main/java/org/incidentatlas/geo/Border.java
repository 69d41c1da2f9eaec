package org.incidentatlas.geo;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.operation.linemerge.LineMerger;

/**
 * The Armenia–Azerbaijan international border, derived from the two country polygons, and
 * distances to it. Distances are measured in {@link MetricFrame}, never in degrees.
 */
public final class Border {
  /**
   * How far the two polygons' edges may stray from each other and still be one border. The
   * 10 m source draws both countries from the same boundary ways; 50 m absorbs its rounding
   * without catching Armenia's borders with other countries.
   */
  static final double SHARED_EDGE_TOLERANCE_M = 50;

  private final Geometry lonLat;
  private final Geometry metric;
  private final IndexedFacetDistance distance;
  private final Countries sides;

  private Border(Geometry lonLat, Geometry metric, Countries sides) {
    this.lonLat = lonLat;
    this.metric = metric;
    this.distance = new IndexedFacetDistance(metric);
    this.sides = sides;
  }

  /** Derives the border as the part of Armenia's outline that runs along Azerbaijan. */
  public static Border between(Country armenia, Country azerbaijan) {
    Geometry am = MetricFrame.toMetric(armenia.geometry());
    Geometry az = MetricFrame.toMetric(azerbaijan.geometry());
    Geometry near = az.intersection(am.getEnvelope().buffer(1000)).buffer(SHARED_EDGE_TOLERANCE_M);
    Geometry shared = am.getBoundary().intersection(near);
    LineMerger merger = new LineMerger();
    merger.add(shared);
    @SuppressWarnings("unchecked")
    Collection<LineString> merged = merger.getMergedLineStrings();
    Geometry lines = shared.getFactory().createMultiLineString(merged.toArray(LineString[]::new));
    return new Border(MetricFrame.toWgs84(lines), lines, new Countries(List.of(armenia, azerbaijan)));
  }

  /** The border as a WGS84 MultiLineString. */
  public Geometry lonLat() {
    return lonLat;
  }

  /** The border in UTM 38N metres. */
  public Geometry metric() {
    return metric;
  }

  public double lengthKm() {
    return metric.getLength() / 1000;
  }

  /** Distance in kilometres from a WGS84 geometry to the border. */
  public double distanceKm(Geometry lonLatGeometry) {
    return distance.distance(MetricFrame.toMetric(lonLatGeometry)) / 1000;
  }

  /** {@code AM} or {@code AZ}: the side of the border the geometry lies on, empty if on neither. */
  public Optional<String> side(Geometry lonLatGeometry) {
    return sides.containing(lonLatGeometry).map(Country::iso2);
  }
}
