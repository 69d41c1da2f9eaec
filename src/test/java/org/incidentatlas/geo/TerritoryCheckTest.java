package org.incidentatlas.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;

/** The territory rules on the real geodata/, and each rule catching the fault it exists for. */
class TerritoryCheckTest {
  static final GeometryFactory GF = new GeometryFactory();
  static Country armenia;
  static Country azerbaijan;

  @BeforeAll
  static void readGeodata() {
    Countries countries = new Countries(Geodata.read(TestAtlas.GEODATA, new SourceReport()).countries());
    armenia = countries.byIso2("AM").orElseThrow();
    azerbaijan = countries.byIso2("AZ").orElseThrow();
  }

  static List<String> problems(Country am, Country az) {
    return TerritoryCheck.problems(am, az, Border.between(am, az));
  }

  static Point at(double lat, double lon) {
    return GF.createPoint(new Coordinate(lon, lat));
  }

  /** The part of a country's outline that holds the point. */
  static Geometry partAt(Country c, double lat, double lon) {
    Geometry g = c.geometry();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i).covers(at(lat, lon))) {
        return g.getGeometryN(i);
      }
    }
    throw new AssertionError(c.name() + " has no part at " + lat + " " + lon);
  }

  static Country with(Country c, Geometry g) {
    return new Country(c.iso2(), c.iso3(), c.name(), g, c.source(), c.licence());
  }

  @Test
  void theRealCountriesDivideTheirTerritoryAndTheBorderRunsAroundEveryExclave() {
    assertEquals(List.of(), problems(armenia, azerbaijan));
  }

  @Test
  void everyExclaveHasAClosedBorderOfItsOwn() {
    Border border = Border.between(armenia, azerbaijan);
    // Artsvashen (AM), Yuxarı Əskipara and Barxudarlı (AZ), at the coordinates of geodata/control.csv.
    for (Point village : List.of(at(40.64611, 45.51556), at(41.06611, 45.02333), at(40.99333, 45.22528))) {
      long rings = 0;
      for (int i = 0; i < border.lonLat().getNumGeometries(); i++) {
        Geometry line = border.lonLat().getGeometryN(i);
        if (line instanceof LineString l && l.isClosed()
            && GF.createPolygon(line.getCoordinates()).covers(village)) {
          rings++;
        }
      }
      assertEquals(1, rings, "closed border lines around " + village);
    }
  }

  @Test
  void everyPointOfTheTerritoryIsOnExactlyOneSide() {
    // A grid over the Tovuz–Tavush border, 250 m apart: inside the two countries' outer outline
    // every point is in one country and never in both.
    var am = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(armenia.geometry());
    var az = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(azerbaijan.geometry());
    int checked = 0;
    for (double lat = 40.80; lat <= 41.10; lat += 0.00225) {
      for (double lon = 45.20; lon <= 45.70; lon += 0.003) {
        Point p = at(lat, lon);
        boolean inAm = am.covers(p);
        boolean inAz = az.covers(p);
        if (inAm && inAz) {
          throw new AssertionError("in both countries: " + p);
        }
        if (!inAm && !inAz) {
          throw new AssertionError("in neither country: " + p);
        }
        checked++;
      }
    }
    assertTrue(checked > 10_000);
  }

  @Test
  void anExclaveLeftInsideTheOtherCountryIsAnOverlapWithoutBorder() {
    // Armenia's outline as the source drew it before the exclave was cut out of it.
    Geometry askipara = partAt(azerbaijan, 41.06611, 45.02333);
    List<String> found = problems(with(armenia, armenia.geometry().union(askipara)), azerbaijan);
    assertTrue(found.stream().anyMatch(p -> p.contains("overlap")), found.toString());
    assertTrue(found.stream().anyMatch(p -> p.contains("not closed around the exclave of Azerbaijan")), found.toString());
  }

  @Test
  void anExclaveInBothCountriesIsAnOverlap() {
    Geometry artsvashen = partAt(armenia, 40.64611, 45.51556);
    List<String> found = problems(armenia, with(azerbaijan, azerbaijan.geometry().union(artsvashen)));
    assertTrue(found.stream().anyMatch(p -> p.startsWith("Armenia and Azerbaijan overlap by")), found.toString());
  }

  @Test
  void waterCutOutAtTheBorderIsGroundOfNeitherCountryAndBreaksTheBorder() {
    // A reservoir-sized hole on the border between Chinari and Ağdam, cut out of both outlines.
    Geometry lake = MetricFrame.toWgs84(MetricFrame.toMetric(at(40.883, 45.568)).buffer(600));
    List<String> found = problems(with(armenia, armenia.geometry().difference(lake)),
        with(azerbaijan, azerbaijan.geometry().difference(lake)));
    assertTrue(found.stream().anyMatch(p -> p.contains("belong to neither country")), found.toString());
  }
}
