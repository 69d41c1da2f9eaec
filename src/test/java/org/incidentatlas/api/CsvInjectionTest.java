package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.HostileRecord;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestDownload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record whose texts a spreadsheet would run as formulas: the CSV download neutralises them
 * and leaves numbers alone, while the other formats keep the texts as they are.
 */
class CsvInjectionTest {
  static final String HOSTILE_ID = "TT2020-9001";
  /** Property and the text it is given, each starting with a character a spreadsheet acts on. */
  static final Map<String, String> HOSTILE = Map.of(
      "notes", "=HYPERLINK(\"http://attacker.invalid\",\"click\")",
      "place_name", "+1+cmd|' /C calc'!A0",
      "sub_type", "-2+3+cmd|' /C calc'!A0");
  static final String HOSTILE_PUBLISHER = "@SUM(1+1)*cmd|' /C calc'!A0";
  static final String HOSTILE_ACTOR = "\t=1+1";
  static Path dir;
  static TestAtlas atlas;

  @BeforeAll
  static void buildAtlasWithAHostileRecord() throws Exception {
    dir = Files.createTempDirectory("atlas-csv-test");
    Path geodata = HostileRecord.withIncident(dir.resolve("geodata"), HOSTILE_ID, f -> true, p -> {
      HOSTILE.forEach(p::put);
      ((ObjectNode) p.get("sources").get(0)).put("publisher", HOSTILE_PUBLISHER);
      ((ObjectNode) p.get("actors").get(0)).put("name", HOSTILE_ACTOR);
    });
    atlas = TestAtlas.of(geodata, dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (atlas != null) {
      atlas.app.stop();
    }
    TestAtlas.deleteTree(dir);
  }

  @Test
  void textsASpreadsheetWouldRunStartWithAnApostropheInTheCsv() throws Exception {
    CSVRecord row = hostileRow();
    HOSTILE.forEach((property, text) -> assertEquals("'" + text, row.get(property), property));
    // The source id comes first, so the publisher never opens the cell.
    assertTrue(row.get("sources").startsWith("S1: " + HOSTILE_PUBLISHER + ", "), row.get("sources"));
    assertTrue(row.get("actors").startsWith("'" + HOSTILE_ACTOR + " ("), row.get("actors"));
    assertTrue(row.get("actor_names").startsWith("'" + HOSTILE_ACTOR + " | "), row.get("actor_names"));
  }

  @Test
  void noCellOfTheCsvStartsWithAFormulaCharacter() throws Exception {
    for (CSVRecord row : DownloadFormatsTest.csv(TestDownload.get(atlas, "/download/incidents.csv").text())) {
      for (String cell : row) {
        assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "cell runs as a formula: " + cell);
      }
    }
  }

  @Test
  void numbersStayNumbers() throws Exception {
    CSVRecord row = hostileRow();
    JsonNode feature = atlas.json("/api/collections/incidents/items/" + HOSTILE_ID);
    assertEquals(feature.at("/geometry/coordinates/0").asDouble(), Double.parseDouble(row.get("longitude")));
    assertEquals(feature.at("/properties/uncertainty_m").asText(), row.get("uncertainty_m"));
    assertEquals(feature.at("/properties/border_distance_km").asDouble(), Double.parseDouble(row.get("border_distance_km")));
  }

  @Test
  void theOtherFormatsKeepTheTextsAsTheyAre() throws Exception {
    JsonNode geojson = TestAtlas.JSON.readTree(TestDownload.get(atlas, "/download/incidents.geojson").body());
    for (JsonNode f : geojson.get("features")) {
      if (f.get("id").asText().equals(HOSTILE_ID)) {
        HOSTILE.forEach((property, text) -> assertEquals(text, f.at("/properties/" + property).asText()));
        return;
      }
    }
    throw new AssertionError("no " + HOSTILE_ID + " in the GeoJSON");
  }

  private static CSVRecord hostileRow() throws Exception {
    List<CSVRecord> rows = DownloadFormatsTest.csv(TestDownload.get(atlas, "/download/incidents.csv").text());
    return rows.stream().filter(r -> r.get("id").equals(HOSTILE_ID)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + HOSTILE_ID + " in the CSV"));
  }
}
