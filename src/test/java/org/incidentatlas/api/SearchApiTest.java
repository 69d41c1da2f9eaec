package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;

/** {@code /api/search} over HTTP: the answers of the search package, and clear 400s. */
class SearchApiTest {
  private final TestAtlas atlas = TestAtlas.shared();

  private JsonNode search(String q) {
    return atlas.json("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  @Test
  void bothSpellingsAndScriptsFindThePlace() {
    JsonNode dondar = search("Dondar Kuscu").get("places").get(0);
    assertEquals("Dondar Quşçu", dondar.get("name").asText());
    JsonNode agdam = search("Агдам");
    assertTrue(agdam.get("ambiguous").asBoolean(), agdam.toString());
    List<String> districts = new ArrayList<>();
    agdam.get("places").forEach(p -> {
      if (p.get("name").asText().equals("Ağdam")) {
        districts.add(p.get("admin1").asText());
      }
    });
    assertTrue(districts.contains("Tovuz District") && districts.size() >= 2, "candidates: " + districts);
  }

  @Test
  void incidentsAreFoundByIdWithTheirPlaceAndLayer() {
    JsonNode first = atlas.json("/api/collections/incidents/items?limit=1").get("features").get(0);
    String id = first.get("id").asText();
    JsonNode hit = search(id).get("incidents").get(0);
    assertEquals(id, hit.get("id").asText());
    assertEquals("incidents", hit.get("layer").asText());
    assertEquals(first.get("properties").get("place_name").asText(), hit.get("placeName").asText());
    assertEquals(first.get("geometry").get("coordinates").get(0).asDouble(), hit.get("lon").asDouble(), 1e-9);
  }

  @Test
  void theLimitCapsEachList() {
    JsonNode r = atlas.json("/api/search?q=a&limit=2");
    assertTrue(r.get("places").size() <= 2 && r.get("incidents").size() <= 2, r.toString());
  }

  @Test
  void badQueriesAreA400ThatSaysWhy() throws Exception {
    for (String[] c : new String[][] {
        {"", "'q' is required"},
        {"?q=", "blank"},
        {"?q=%20%20", "blank"},
        {"?q=" + "x".repeat(101), "101 characters"},
        {"?q=Tovuz&limit=0", "limit"},
        {"?q=Tovuz&limit=51", "limit"},
        {"?q=Tovuz&limit=ten", "limit"},
        {"?q=Tovuz&bbox=1,2,3,4", "unknown parameter 'bbox'"},
        {"?q=Tovuz&q=Berd", "given 2 times"},
        {"?q=Tovuz&f=html", "f='html'"}}) {
      HttpResponse<String> r = atlas.get("/api/search" + c[0]);
      assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
      JsonNode body = TestAtlas.JSON.readTree(r.body());
      assertEquals("InvalidParameterValue", body.get("code").asText());
      assertTrue(body.get("description").asText().contains(c[1]), c[0] + " -> " + body);
    }
  }
}
