package org.incidentatlas.geo;

import org.geotools.api.referencing.operation.MathTransform;
import org.locationtech.jts.geom.Geometry;

/**
 * The metric frame in which distances and buffers near the Armenia–Azerbaijan border are computed:
 * UTM zone 38N (EPSG:32638), which spans 42–48°E and so holds the whole border, Nakhchivan
 * included, with a scale error below 0.1 %.
 */
public final class MetricFrame {
  public static final String CODE = "EPSG:32638";
  private static final MathTransform TO_METRIC = Crs.transform(Crs.WGS84, Crs.decode(CODE));
  private static final MathTransform TO_WGS84 = Crs.transform(Crs.decode(CODE), Crs.WGS84);

  private MetricFrame() {}

  public static Geometry toMetric(Geometry lonLat) {
    return Crs.apply(lonLat, TO_METRIC);
  }

  public static Geometry toWgs84(Geometry metric) {
    return Crs.apply(metric, TO_WGS84);
  }
}
