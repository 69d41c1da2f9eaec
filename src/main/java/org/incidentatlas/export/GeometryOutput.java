package org.incidentatlas.export;

import java.nio.charset.StandardCharsets;
import org.incidentatlas.geo.ServedCrs;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * Geometry as a response sends it: the stored CRS84 GeoJSON as it is, or reprojected into the
 * system the client asked for, rounded to about 0.1 m.
 */
public final class GeometryOutput {
  private final ServedCrs crs;
  private final GeoJsonReader reader = new GeoJsonReader();
  private final GeoJsonWriter writer;

  public GeometryOutput(ServedCrs crs) {
    this.crs = crs;
    this.writer = new GeoJsonWriter(crs.decimals());
    writer.setEncodeCRS(false);
  }

  byte[] json(byte[] storedGeoJson) {
    if (crs == ServedCrs.CRS84) {
      return storedGeoJson;
    }
    try {
      String stored = new String(storedGeoJson, StandardCharsets.UTF_8);
      return writer.write(crs.fromWgs84(reader.read(stored))).getBytes(StandardCharsets.UTF_8);
    } catch (ParseException e) {
      throw new IllegalStateException("stored geometry is not GeoJSON: " + e.getMessage(), e);
    }
  }
}
