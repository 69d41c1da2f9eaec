package org.incidentatlas.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class ServedCrsTest {
  private static final GeometryFactory GF = new GeometryFactory();
  /** Ağdam (Tovuz) in CRS84. */
  private static final Geometry AGDAM = GF.createPoint(new Coordinate(45.55639, 40.90528));

  @Test
  void crs84IsStoredAsItIs() {
    assertEquals(AGDAM, ServedCrs.CRS84.fromWgs84(AGDAM));
  }

  @Test
  void epsg4326PutsLatitudeFirst() {
    Coordinate c = ServedCrs.WGS84_LAT_LON.fromWgs84(AGDAM).getCoordinate();
    assertEquals(40.90528, c.x, 0);
    assertEquals(45.55639, c.y, 0);
    assertEquals(AGDAM, ServedCrs.WGS84_LAT_LON.toWgs84(ServedCrs.WGS84_LAT_LON.fromWgs84(AGDAM)));
  }

  @Test
  void webMercatorFollowsItsFormula() {
    // Spherical Mercator: x = R·λ, y = R·ln(tan(π/4 + φ/2)), R = 6378137 m.
    double r = 6378137;
    Coordinate c = ServedCrs.WEB_MERCATOR.fromWgs84(AGDAM).getCoordinate();
    assertEquals(r * Math.toRadians(45.55639), c.x, 0.01);
    assertEquals(r * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(40.90528) / 2)), c.y, 0.01);
  }

  @Test
  void utm38nRoundTripsAndMeasuresMetres() {
    Geometry utm = ServedCrs.UTM_38N.fromWgs84(AGDAM);
    // Zone 38 is centred on 45°E: a point 0.556° east of it lies about 47 km east of 500,000 m.
    assertTrue(Math.abs(utm.getCoordinate().x - 500_000 - 46_800) < 1_000, utm.toString());
    Coordinate back = ServedCrs.UTM_38N.toWgs84(utm).getCoordinate();
    assertEquals(45.55639, back.x, 1e-7);
    assertEquals(40.90528, back.y, 1e-7);
  }

  @Test
  void aProjectedBoxBecomesTheDegreesThatCoverIt() {
    Coordinate c = ServedCrs.UTM_38N.fromWgs84(AGDAM).getCoordinate();
    Envelope e = ServedCrs.UTM_38N.boxToWgs84(c.x - 1000, c.y - 1000, c.x + 1000, c.y + 1000);
    assertTrue(e.contains(AGDAM.getCoordinate()), e.toString());
    // 2 km is about 0.018° of latitude and 0.024° of longitude here.
    assertEquals(0.018, e.getHeight(), 0.002);
    assertEquals(0.024, e.getWidth(), 0.002);
    assertThrows(IllegalArgumentException.class, () -> ServedCrs.UTM_38N.boxToWgs84(1, 1, 0, 0));
  }

  @Test
  void onlyTheOfferedUrisAreKnown() {
    assertEquals(4, ServedCrs.uris().size());
    assertEquals(ServedCrs.UTM_38N, ServedCrs.byUri("http://www.opengis.net/def/crs/EPSG/0/32638").orElseThrow());
    assertTrue(ServedCrs.byUri("http://www.opengis.net/def/crs/EPSG/0/2154").isEmpty());
  }
}
