package org.incidentatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

class GeoJsonSourceTest {
  @TempDir
  Path dir;

  private List<SourceFeature> read(String json, SourceReport report) throws IOException {
    Path file = dir.resolve("f.geojson");
    Files.writeString(file, json);
    List<SourceFeature> out = new ArrayList<>();
    new GeoJsonSource(file, "f.geojson").read(report, out::add);
    return out;
  }

  @Test
  void aFileDeclaredInUtm38nIsReprojectedToLongitudeLatitude() throws IOException {
    // Easting 500000 lies on the zone's central meridian, 45°E, whatever the northing.
    List<SourceFeature> f = read("""
        {"type": "FeatureCollection",
         "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32638"}},
         "features": [{"type": "Feature", "id": "x", "geometry": {"type": "Point", "coordinates": [500000, 4500000]},
                       "properties": {"name": "on the meridian"}}]}
        """, new SourceReport());
    Point p = (Point) f.get(0).feature().getDefaultGeometry();
    assertEquals(45.0, p.getX(), 1e-9);
    assertTrue(p.getY() > 40.6 && p.getY() < 40.7, "latitude " + p.getY());
  }

  @Test
  void propertiesKeepTheirTypesAndNestedValuesStayJson() throws IOException {
    SourceFeature f = read("""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": "a", "geometry": {"type": "Point", "coordinates": [45.5, 40.9]},
           "properties": {"name": "A", "radius": 1000, "share": 0.5, "list": [1, 2]}}]}
        """, new SourceReport()).get(0);
    assertEquals("A", f.feature().getAttribute("name"));
    assertEquals(1000L, f.feature().getAttribute("radius"));
    assertEquals(0.5, f.feature().getAttribute("share"));
    assertInstanceOf(JsonNode.class, f.feature().getAttribute("list"));
    assertEquals("a", f.feature().getID());
  }

  @Test
  void aFeatureOutOfRangeIsSkippedWithItsIndexAndLine() throws IOException {
    SourceReport report = new SourceReport();
    List<SourceFeature> f = read("""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.5, 40.9]}, "properties": {"n": "ok"}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.5, 123]}, "properties": {"n": "bad"}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.6, 40.8]}, "properties": {"n": 7}}
        ]}
        """, report);
    assertEquals(1, f.size());
    assertEquals(2, report.totalSkipped());
    assertEquals("feature 2 (line 3)", report.problems().get(0).location());
    assertTrue(report.problems().get(0).reason().contains("latitude 123"));
    assertTrue(report.problems().get(1).reason().contains("property 'n' should be string"), report.problems().get(1).reason());
  }

  @Test
  void aSelfIntersectingPolygonIsRepairedAndReported() throws IOException {
    SourceReport report = new SourceReport();
    List<SourceFeature> f = read("""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,2],[2,0],[0,2],[0,0]]]}, "properties": {}}
        ]}
        """, report);
    assertEquals(1, f.size());
    assertTrue(((org.locationtech.jts.geom.Geometry) f.get(0).feature().getDefaultGeometry()).isValid());
    assertTrue(report.warnings().get(0).contains("repaired"), report.warnings().toString());
  }

  @Test
  void brokenJsonStopsTheReadWithFileAndLine() {
    SourceException e = assertThrows(SourceException.class, () -> read("{\"type\": \"FeatureCollection\",\n \"features\": [ {,] }", new SourceReport()));
    assertTrue(e.getMessage().startsWith("f.geojson:line 2: not valid JSON"), e.getMessage());
  }
}
