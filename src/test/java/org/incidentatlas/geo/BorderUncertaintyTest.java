package org.incidentatlas.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/** The border's position uncertainty follows its rule, on the real geodata/ and on lines made for it. */
class BorderUncertaintyTest {
  private static final GeometryFactory GF = new GeometryFactory();

  /** The median of the spacings between consecutive vertices, taken apart line by line from the WGS84 border. */
  private static double medianSpacingMetres(Geometry lonLat) {
    List<Double> spacings = new ArrayList<>();
    for (int g = 0; g < lonLat.getNumGeometries(); g++) {
      Coordinate[] c = MetricFrame.toMetric(lonLat.getGeometryN(g)).getCoordinates();
      for (int i = 1; i < c.length; i++) {
        spacings.add(Math.hypot(c[i].x - c[i - 1].x, c[i].y - c[i - 1].y));
      }
    }
    Collections.sort(spacings);
    int n = spacings.size();
    return n % 2 == 1 ? spacings.get(n / 2) : (spacings.get(n / 2 - 1) + spacings.get(n / 2)) / 2;
  }

  @Test
  void theRealBorderIsAsUncertainAsItsMedianVertexSpacingRoundedUpToHalfAKilometre() {
    Countries countries = new Countries(Geodata.read(TestAtlas.GEODATA, new SourceReport()).countries());
    Border border = Border.between(countries.byIso2("AM").orElseThrow(), countries.byIso2("AZ").orElseThrow());
    double median = medianSpacingMetres(border.lonLat());
    assertTrue(median > 0, "the border has segments");
    double expectedKm = Math.max(1, Math.ceil(median / 500)) * 0.5;
    assertEquals(expectedKm, border.uncertaintyKm(), 1e-9, "median spacing " + median + " m");
    double m = border.uncertaintyKm() * 1000;
    assertTrue(m >= median && m < median + 500, m + " m for a median spacing of " + median + " m");
  }

  private static Geometry lines(double... spacings) {
    List<Coordinate> c = new ArrayList<>(List.of(new Coordinate(400_000, 4_500_000)));
    for (double s : spacings) {
      Coordinate last = c.get(c.size() - 1);
      c.add(new Coordinate(last.x + s, last.y));
    }
    return GF.createMultiLineString(new LineString[] {GF.createLineString(c.toArray(Coordinate[]::new))});
  }

  @Test
  void theMedianIsRoundedUpToTheNextHalfKilometre() {
    assertEquals(500, Border.uncertaintyMetres(lines(100, 360, 2000)));
    assertEquals(500, Border.uncertaintyMetres(lines(443, 443, 50, 5000)));
    assertEquals(500, Border.uncertaintyMetres(lines(500)));
    assertEquals(1000, Border.uncertaintyMetres(lines(501, 10, 900)));
    assertEquals(1500, Border.uncertaintyMetres(lines(1200, 1100)));
    // A border with nothing between its vertices is still not known better than one step.
    assertEquals(500, Border.uncertaintyMetres(GF.createMultiLineString(new LineString[0])));
  }
}
