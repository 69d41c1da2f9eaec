package org.incidentatlas.geo;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
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

  /** The step the position uncertainty is rounded up to: finer steps would claim knowledge the vertices lack. */
  static final double UNCERTAINTY_STEP_M = 500;

  private final Geometry lonLat;
  private final Geometry metric;
  private final IndexedFacetDistance distance;
  private final Countries sides;
  private final double uncertaintyKm;

  private Border(Geometry lonLat, Geometry metric, Countries sides) {
    this.lonLat = lonLat;
    this.metric = metric;
    this.distance = new IndexedFacetDistance(metric);
    this.sides = sides;
    this.uncertaintyKm = uncertaintyMetres(metric) / 1000;
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

  /**
   * How far the border's true position may lie from the derived line, in kilometres, and so how
   * far off every distance to it may be. The source polygons mark the border only at their
   * vertices; between two of them the line is straight, and a straight segment between vertices
   * some hundreds of metres apart can miss the true line, which follows ridges and rivers, by up
   * to about half to one spacing. The rule: the median distance between consecutive vertices of
   * the derived border, measured in {@link MetricFrame}, rounded up to the next 500 m (at least
   * 500 m).
   */
  public double uncertaintyKm() {
    return uncertaintyKm;
  }

  /** The rule of {@link #uncertaintyKm()} over a metric geometry of lines, in metres. */
  static double uncertaintyMetres(Geometry metricLines) {
    double median = medianVertexSpacingMetres(metricLines);
    return Math.max(1, Math.ceil(median / UNCERTAINTY_STEP_M)) * UNCERTAINTY_STEP_M;
  }

  /** The median distance between consecutive vertices of every line in the geometry; 0 when there are none. */
  static double medianVertexSpacingMetres(Geometry metricLines) {
    int count = 0;
    for (int g = 0; g < metricLines.getNumGeometries(); g++) {
      count += Math.max(0, metricLines.getGeometryN(g).getNumPoints() - 1);
    }
    double[] spacings = new double[count];
    int n = 0;
    for (int g = 0; g < metricLines.getNumGeometries(); g++) {
      Coordinate[] c = metricLines.getGeometryN(g).getCoordinates();
      for (int i = 1; i < c.length; i++) {
        spacings[n++] = c[i - 1].distance(c[i]);
      }
    }
    if (n == 0) {
      return 0;
    }
    Arrays.sort(spacings);
    return n % 2 == 1 ? spacings[n / 2] : (spacings[n / 2 - 1] + spacings[n / 2]) / 2;
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
