package org.incidentatlas.importer;

import static org.incidentatlas.importer.Fixtures.assertProblem;
import static org.incidentatlas.importer.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonFeatureReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOOD = Fixtures.file("incidents-import.geojson");
  private static final Path BROKEN = Fixtures.file("incidents-import-broken.geojson");

  @TempDir
  Path dir;

  @Test
  void featuresPassThroughWithTheirPropertiesAndPoint() throws IOException {
    List<ImportResult> results = Fixtures.read(ImportFormat.GEOJSON, GOOD);
    JsonNode features = JSON.readTree(GOOD.toFile()).get("features");
    assertEquals(features.size(), results.size());
    for (int i = 0; i < features.size(); i++) {
      ImportRow r = row(results.get(i));
      ObjectNode expected = (ObjectNode) features.get(i).get("properties").deepCopy();
      expected.remove("external_id");
      assertEquals(expected, r.feature().get("properties"), "feature " + i);
      assertFalse(r.feature().get("properties").has("external_id"));
      assertEquals(features.get(i).get("geometry"), r.feature().get("geometry"), "feature " + i);
      assertEquals("Feature", r.feature().get("type").asText());
    }
  }

  @Test
  void theIdComesFromExternalIdOrElseFromTheFeatureId() {
    List<ImportResult> results = Fixtures.read(ImportFormat.GEOJSON, GOOD);
    assertEquals(List.of("acled:ARM9301", "geojson:fixture-0002", "ucdp:9000010"),
        results.stream().map(r -> row(r).dataset() + ":" + row(r).externalId()).toList());
  }

  @Test
  void aFeatureIsLocatedByTheLineItStartsOn() throws IOException {
    List<String> lines = Files.readAllLines(GOOD);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("    {")) {
        starts.add(i + 1L);
      }
    }
    assertEquals(starts, Fixtures.read(ImportFormat.GEOJSON, GOOD).stream().map(ImportResult::line).toList());
  }

  @Test
  void everyBrokenFeatureIsReportedWithItsLineAndReadingGoesOn() throws IOException {
    List<ImportResult> r = Fixtures.read(ImportFormat.GEOJSON, BROKEN);
    List<String> lines = Files.readAllLines(BROKEN);
    assertEquals(8, r.size());
    assertProblem(r.get(0), lineOf(lines, "fixture-line") - 2, "geometry is a LineString, not a Point");
    assertProblem(r.get(1), 10, "the feature has no id");
    assertProblem(r.get(2), lineOf(lines, "fixture-bad-date") - 2, "date \"13/07/2020\" is not a date YYYY-MM-DD");
    assertProblem(r.get(3), lineOf(lines, "fixture-protest") - 2, "event_type \"protest\" is not recorded by the atlas");
    assertProblem(r.get(4), lineOf(lines, "ARM9302") - 3, "external_id \"ARM9302\" is not 'dataset:id'");
    assertProblem(r.get(5), lineOf(lines, "\"Polygon\""), "is not a GeoJSON Feature (type 'Polygon')");
    assertProblem(r.get(6), lineOf(lines, "fixture-no-geometry") - 2, "geometry is missing");
    ImportRow good = row(r.get(7));
    assertEquals("geojson", good.dataset());
    assertEquals("fixture-good", good.externalId());
  }

  @Test
  void brokenJsonStopsTheFileAtTheLineOfTheError() throws IOException {
    Path file = dir.resolve("cut.geojson");
    Files.writeString(file, "{\"type\": \"FeatureCollection\", \"features\": [\n"
        + "{\"type\": \"Feature\", \"id\": 1, \"geometry\": {\"type\": \"Point\", \"coordinates\": [45.6, 40.9]},\n"
        + " \"properties\": {\"date\": \"2020-07-12\", \"event_type\": \"shelling\"}},\n"
        + "{\"type\": \"Feature\", \"id\": 2,, }\n");
    List<ImportResult> seen = new ArrayList<>();
    ImportException e = assertThrows(ImportException.class, () -> ImportFormat.GEOJSON.read(file, seen::add));
    assertTrue(e.getMessage().startsWith(file + ":line 4: not valid JSON"), e.getMessage());
    assertEquals(1, seen.size(), "the features before the error were handed on");
  }

  @Test
  void onlyAFeatureCollectionInLongitudeAndLatitudeIsRead() throws IOException {
    Path feature = dir.resolve("one.geojson");
    Files.writeString(feature, "{\"type\": \"Feature\", \"geometry\": null, \"properties\": {}}");
    assertTrue(assertThrows(ImportException.class, () -> Fixtures.read(ImportFormat.GEOJSON, feature))
        .getMessage().contains("expected a FeatureCollection"));
    Path utm = dir.resolve("utm.geojson");
    Files.writeString(utm, "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\":"
        + " {\"name\": \"urn:ogc:def:crs:EPSG::32638\"}}, \"features\": []}");
    assertTrue(assertThrows(ImportException.class, () -> Fixtures.read(ImportFormat.GEOJSON, utm))
        .getMessage().contains("declares crs 'urn:ogc:def:crs:EPSG::32638'"));
  }

  private static long lineOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in the file");
  }
}
