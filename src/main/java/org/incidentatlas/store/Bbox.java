package org.incidentatlas.store;

import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A WGS84 bounding box. {@code minLon > maxLon} means the box crosses the antimeridian.
 */
public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  public Bbox {
    if (minLat > maxLat) {
      throw new IllegalArgumentException("bbox: minimum latitude " + minLat + " is above maximum " + maxLat);
    }
    for (double lat : new double[] {minLat, maxLat}) {
      if (lat < -90 || lat > 90) {
        throw new IllegalArgumentException("bbox: latitude " + lat + " out of range [-90, 90]");
      }
    }
    for (double lon : new double[] {minLon, maxLon}) {
      if (lon < -180 || lon > 180) {
        throw new IllegalArgumentException("bbox: longitude " + lon + " out of range [-180, 180]");
      }
    }
  }

  /** The box as one or, across the antimeridian, two envelopes. */
  public List<Envelope> envelopes() {
    if (minLon <= maxLon) {
      return List.of(new Envelope(minLon, maxLon, minLat, maxLat));
    }
    return List.of(new Envelope(minLon, 180, minLat, maxLat), new Envelope(-180, maxLon, minLat, maxLat));
  }

  /** {@link #envelopes} as polygons. */
  public List<Geometry> polygons() {
    return envelopes().stream().map(e -> {
      Geometry g = GEOMETRY.toGeometry(e);
      g.setSRID(AtlasStore.SRID);
      return g;
    }).toList();
  }
}
