package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestDownload;
import org.incidentatlas.incident.AcledCoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLED's event and sub-event types beside the atlas's own, on every served incident, and the new
 * event type disrupted_weapons_use as a filter, against the source file and the downloads.
 */
class AcledNamesTest {
  private static TestAtlas atlas;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  private static List<JsonNode> items(String collection, String query) {
    List<JsonNode> out = new ArrayList<>();
    atlas.json("/api/collections/" + collection + "/items?limit=10000" + query).get("features").forEach(out::add);
    return out;
  }

  @Test
  void everyIncidentCarriesTheAcledNamesOfItsSubType() {
    for (String collection : List.of("incidents", "border_clashes")) {
      List<JsonNode> features = items(collection, "");
      assertFalse(features.isEmpty(), collection);
      for (JsonNode f : features) {
        JsonNode p = f.get("properties");
        AcledCoding c = AcledCoding.of(p.get("event_type").asText(), p.get("sub_type").asText());
        assertNotNull(c, f.get("id").asText());
        assertEquals(c.acledEventType(), p.path("acled_event_type").asText(null), f.get("id").asText());
        assertEquals(c.acledSubEventType(), p.path("acled_sub_event_type").asText(null), f.get("id").asText());
        // The single item says the same as the list.
        if (collection.equals("incidents")) {
          JsonNode one = atlas.json("/api/collections/incidents/items/" + f.get("id").asText()).get("properties");
          assertEquals(p.get("acled_event_type"), one.get("acled_event_type"));
          assertEquals(p.get("acled_sub_event_type"), one.get("acled_sub_event_type"));
        }
      }
    }
  }

  @Test
  void theSourceFilesDronesShotDownAreServedAsDisruptedWeaponsUse() throws Exception {
    TreeSet<String> inFile = new TreeSet<>();
    TestAtlas.JSON.readTree(Files.readString(Path.of("geodata", "incidents.geojson"))).get("features").forEach(f -> {
      if ("drone_shot_down".equals(f.at("/properties/sub_type").asText())) {
        inFile.add(f.at("/properties/id").asText(f.path("id").asText()));
      }
    });
    assertFalse(inFile.isEmpty(), "the source data names no drone shot down");
    TreeSet<String> served = new TreeSet<>();
    for (JsonNode f : items("incidents", "&event_type=disrupted_weapons_use")) {
      served.add(f.get("id").asText());
      assertEquals("Strategic developments", f.at("/properties/acled_event_type").asText());
      assertEquals("Disrupted weapons use", f.at("/properties/acled_sub_event_type").asText());
    }
    assertTrue(served.containsAll(inFile), served + " lacks some of " + inFile);
    // The filter selects exactly the incidents of that type, and no drone strike is one of them.
    TreeSet<String> byType = new TreeSet<>();
    items("incidents", "").stream().filter(f -> f.at("/properties/event_type").asText().equals("disrupted_weapons_use"))
        .forEach(f -> byType.add(f.get("id").asText()));
    assertEquals(byType, served);
    for (JsonNode f : items("incidents", "&event_type=drone_strike")) {
      assertFalse(f.at("/properties/sub_type").asText().equals("drone_shot_down"), f.get("id").asText());
    }
    // CQL2 on the new queryable agrees with the parameter.
    TreeSet<String> byCql = new TreeSet<>();
    items("incidents", "&filter=" + java.net.URLEncoder.encode("acled_sub_event_type = 'Disrupted weapons use'", StandardCharsets.UTF_8))
        .forEach(f -> byCql.add(f.get("id").asText()));
    assertEquals(served, byCql);
  }

  @Test
  void theCsvDownloadCarriesTheAcledNamesOfEveryIncident() throws Exception {
    Map<String, JsonNode> api = new HashMap<>();
    items("incidents", "").forEach(f -> api.put(f.get("id").asText(), f.get("properties")));
    TestDownload d = TestDownload.get(atlas, "/download/incidents.csv");
    assertEquals(200, d.status());
    List<CSVRecord> rows = DownloadFormatsTest.csv(d.text());
    assertEquals(api.size(), rows.size());
    for (CSVRecord r : rows) {
      JsonNode p = api.get(r.get("id"));
      assertEquals(p.get("acled_event_type").asText(), r.get("acled_event_type"), r.get("id"));
      assertEquals(p.get("acled_sub_event_type").asText(), r.get("acled_sub_event_type"), r.get("id"));
    }
  }

  @Test
  @Tag("gdal")
  void theGeoPackageAndShapefileCarryTheAcledNames() throws Exception {
    List<JsonNode> api = items("incidents", "&event_type=disrupted_weapons_use");
    assertFalse(api.isEmpty());
    for (String[] format : List.of(new String[] {"gpkg", "acled_event_type"}, new String[] {"zip", "acled_type"})) {
      TestDownload d = TestDownload.get(atlas, "/download/incidents." + format[0] + "?event_type=disrupted_weapons_use");
      assertEquals(200, d.status());
      Path file = d.saveIn(tmp);
      String source = format[0].equals("zip") ? "/vsizip/" + file : file.toString();
      String out = ogrinfo(source);
      List<String> values = out.lines().map(String::trim).filter(l -> l.startsWith(format[1] + " (String) = "))
          .map(l -> l.substring(l.indexOf(" = ") + 3)).toList();
      assertEquals(api.size(), values.size(), out);
      values.forEach(v -> assertEquals("Strategic developments", v, out));
    }
  }

  private String ogrinfo(String source) throws Exception {
    Path out = Files.createTempFile(tmp, "ogrinfo", ".out");
    Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-q", source).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ogrinfo took too long");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
